import type { BindingsService } from '../../core/keys/bindings/bindings-service'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'

/** What `keyward allow` was asked to do. */
export interface AllowOptions {
  readonly dir: string
  readonly json: boolean
}

/** Parses `keyward allow [--dir DIR] [--json]`. */
export function parseAllowArgs(args: string[]): AllowOptions {
  const { values } = parseFlags(args, { dir: { type: 'string', default: '.' }, json: { type: 'boolean', default: false } }, false)
  return { dir: values.dir, json: values.json }
}

/** Allows the nearest `.keyward.json`, as it is now; an edit needs allowing again. */
export async function runAllow(options: AllowOptions, io: CliIO, bindings: BindingsService): Promise<number> {
  const allowed = await bindings.allow(options.dir)
  if (options.json) {
    printJson(io, allowed)
    return EXIT.OK
  }
  io.stdout.write(`Allowed ${allowed.file}: ${allowed.directory} gets profile ${allowed.profile} (until the file changes).\n`)
  if (allowed.shadowedBy) {
    io.stdout.write(
      `Note: ${allowed.shadowedBy} is bound explicitly, and bindings win over project files; to use the file's profile here, run: keyward use ${allowed.profile} --dir ${allowed.directory}\n`,
    )
  }
  return EXIT.OK
}

/** `keyward allow`. */
export const allowCommand: Command = {
  summary: "trust this project's .keyward.json (its profile takes effect)",
  help: `Usage: keyward allow [--dir DIR] [--json]

A repository may commit .keyward.json ({"profile": "NAME"}) to propose a profile. It takes effect
only after you allow it here; Keyward records the file's sha256, so an edited file must be allowed
again. Finds the nearest .keyward.json in DIR (default: the working directory) or its parents.
Explicit bindings (keyward use) take precedence over project files.
  --json   print {directory, file, profile, shadowedBy}`,
  run: async (args, io, cli) => runAllow(parseAllowArgs(args), io, (await cli.vault()).bindings),
}
