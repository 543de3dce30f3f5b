import { KeywardError } from '../../../shared/errors'
import type { ProfilesService } from '../../core/keys/profiles/profiles-service'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'

/** What `keyward rename` was asked to do. */
export interface RenameOptions {
  readonly from: string
  readonly to: string
  readonly json: boolean
}

/** Parses `keyward rename OLD NEW [--json]`. */
export function parseRenameArgs(args: string[]): RenameOptions {
  const { values, positionals } = parseFlags(args, { json: { type: 'boolean', default: false } })
  if (positionals.length !== 2) throw new KeywardError('INVALID_INPUT', 'give the old and the new name: keyward rename OLD NEW')
  return { from: positionals[0]!, to: positionals[1]!, json: values.json }
}

/** Renames a profile; its bindings and the default follow. */
export async function runRename(options: RenameOptions, io: CliIO, profiles: ProfilesService): Promise<number> {
  const renamed = await profiles.rename(options.from, options.to)
  if (options.json) printJson(io, renamed)
  else io.stdout.write(`Renamed profile ${options.from} to ${renamed.name}; its bindings follow it.\n`)
  return EXIT.OK
}

/** `keyward rename`. */
export const renameCommand: Command = {
  summary: 'rename a profile (its keychain entry and bindings follow)',
  help: `Usage: keyward rename OLD NEW [--json]

Renames a profile: moves its key to the new keychain account and updates every binding, allowed
project record and the default. A .keyward.json committed in a repository still names OLD.
  --json   print the renamed profile`,
  run: async (args, io, cli) => runRename(parseRenameArgs(args), io, (await cli.vault()).profiles),
}
