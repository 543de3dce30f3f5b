import type { BindingsService } from '../../core/keys/bindings/bindings-service'
import { whichSummary } from '../../core/keys/bindings/resolve'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { safeValue } from '../../../shared/terminal-text'

/** What `keyward which` was asked about. */
export interface WhichOptions {
  readonly dir: string
  readonly json: boolean
}

/** Parses `keyward which [--dir DIR] [--json]`. */
export function parseWhichArgs(args: string[]): WhichOptions {
  const { values } = parseFlags(args, { dir: { type: 'string', default: '.' }, json: { type: 'boolean', default: false } }, false)
  return { dir: values.dir, json: values.json }
}

/** Says which profile would be served in a directory and why, without reading the key. */
export async function runWhich(options: WhichOptions, io: CliIO, bindings: BindingsService): Promise<number> {
  const found = await bindings.which(options.dir)
  if (options.json) {
    printJson(io, whichSummary(found))
    return EXIT.OK
  }
  const why =
    found.reason === 'binding' ? `bound at ${found.directory}` : found.reason === 'project-file' ? `proposed by ${found.projectFile}, which you allowed` : 'the default profile; nothing is bound here'
  io.stdout.write(`${found.profile}  (${why})\n`)
  // A file that had no effect here is news: say which, and why, so a planted one is noticed.
  for (const file of found.ignored ?? []) io.stdout.write(`ignored ${safeValue(file.path)}: ${safeValue(file.ignored)}\n`)
  return EXIT.OK
}

/** `keyward which`. */
export const whichCommand: Command = {
  summary: 'show which profile a directory gets, and why',
  help: `Usage: keyward which [--dir DIR] [--json]

Shows the profile keyward helper would serve in DIR (default: the working directory) and why:
a binding of DIR or a parent (the nearest wins), an allowed .keyward.json, or the default.
A .keyward.json that another user could have put in place (owned by neither you nor root, or in
such a directory, or in a world-writable one without the sticky bit) is ignored, and listed.
Reads no key. Exits 3 when nothing applies.
  --json   print {profile, reason, directory, cwd, projectFile, ignoredProjectFiles: [{file, reason}]}`,
  run: async (args, io, cli) => runWhich(parseWhichArgs(args), io, (await cli.vault()).bindings),
}
