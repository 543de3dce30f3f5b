import type { BindingsService } from '../../core/keys/bindings/bindings-service'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'

/** What `keyward unbind` was asked to do. */
export interface UnbindOptions {
  readonly dir: string
  readonly json: boolean
}

/** Parses `keyward unbind [--dir DIR] [--json]`. */
export function parseUnbindArgs(args: string[]): UnbindOptions {
  const { values } = parseFlags(args, { dir: { type: 'string', default: '.' }, json: { type: 'boolean', default: false } }, false)
  return { dir: values.dir, json: values.json }
}

/** Removes the binding of exactly one directory. */
export async function runUnbind(options: UnbindOptions, io: CliIO, bindings: BindingsService): Promise<number> {
  const removed = await bindings.remove(options.dir)
  if (options.json) printJson(io, removed)
  else io.stdout.write(`Unbound ${removed.directory} (it was bound to ${removed.profile}).\n`)
  return EXIT.OK
}

/** `keyward unbind`. */
export const unbindCommand: Command = {
  summary: 'remove the binding of a directory (default: this one)',
  help: `Usage: keyward unbind [--dir DIR] [--json]

Removes the binding of exactly DIR (default: the working directory). If DIR only inherits a
binding from a parent, the message names that parent.
  --json   print the removed {directory, profile, createdAt}`,
  run: async (args, io, cli) => runUnbind(parseUnbindArgs(args), io, (await cli.vault()).bindings),
}
