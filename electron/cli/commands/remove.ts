import { KeywardError } from '../../../shared/errors'
import type { ProfilesService } from '../../core/keys/profiles/profiles-service'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { resolveDataDir } from '../../core/platform/paths'
import { backendLabel } from '../../core/vault/backend'

/** What `keyward remove` was asked to do. */
export interface RemoveOptions {
  readonly name: string
  readonly force: boolean
  readonly json: boolean
}

/** Parses `keyward remove NAME [--force] [--json]`. */
export function parseRemoveArgs(args: string[]): RemoveOptions {
  const { values, positionals } = parseFlags(args, { force: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } })
  if (positionals.length !== 1) throw new KeywardError('INVALID_INPUT', 'name one profile: keyward remove NAME')
  return { name: positionals[0]!, force: values.force, json: values.json }
}

/** Deletes a profile from the keychain and the config; says which bindings went with it. */
export async function runRemove(options: RemoveOptions, io: CliIO, profiles: ProfilesService, where = 'the OS keychain'): Promise<number> {
  const removed = await profiles.remove(options.name, { force: options.force })
  if (options.json) printJson(io, removed)
  else {
    io.stdout.write(`Removed profile ${removed.name} and its key from ${where}.\n`)
    for (const dir of removed.removedBindings) io.stdout.write(`  unbound ${dir}\n`)
    if (removed.clearedDefault) io.stdout.write('  it was the default; there is no default now (set one: keyward default NAME)\n')
  }
  return EXIT.OK
}

/** `keyward remove`. */
export const removeCommand: Command = {
  summary: 'delete a profile and its key from the OS keychain',
  help: `Usage: keyward remove NAME [--force] [--json]

Deletes the profile NAME: its key from the OS keychain and its metadata from the config.
A profile that is bound to directories or is the default is refused, so no project silently
loses its key; --force removes those bindings (and the default) too, and lists them.
  --json   print {name, removedBindings, clearedDefault}`,
  run: async (args, io, cli) => runRemove(parseRemoveArgs(args), io, (await cli.vault()).profiles, backendLabel(resolveDataDir(io.env))),
}
