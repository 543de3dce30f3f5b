import { KeywardError } from '../../../shared/errors'
import type { ProfilesService } from '../../core/keys/profiles/profiles-service'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'

/** What `keyward default` was asked to do: a profile name, or null to clear. */
export interface DefaultOptions {
  readonly name: string | null
  readonly json: boolean
}

/** Parses `keyward default NAME | --clear [--json]`. */
export function parseDefaultArgs(args: string[]): DefaultOptions {
  const { values, positionals } = parseFlags(args, { clear: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } })
  if (values.clear ? positionals.length !== 0 : positionals.length !== 1) {
    throw new KeywardError('INVALID_INPUT', 'name one profile (keyward default NAME) or clear the default (keyward default --clear)')
  }
  return { name: values.clear ? null : positionals[0]!, json: values.json }
}

/** Sets or clears the profile served where no binding or project file applies. */
export async function runDefault(options: DefaultOptions, io: CliIO, profiles: ProfilesService): Promise<number> {
  const name = await profiles.setDefault(options.name)
  if (options.json) printJson(io, { defaultProfile: name })
  else io.stdout.write(name === null ? 'There is no default profile now; unbound directories get no key.\n' : `${name} is now the default, served wherever no binding applies.\n`)
  return EXIT.OK
}

/** `keyward default`. */
export const defaultCommand: Command = {
  summary: 'set (or --clear) the profile served where nothing is bound',
  help: `Usage: keyward default NAME [--json]
       keyward default --clear [--json]

Makes the API-key profile NAME the default: it is served in every directory that has no binding
and no allowed .keyward.json. --clear removes the default.
  --json   print {defaultProfile}`,
  run: async (args, io, cli) => runDefault(parseDefaultArgs(args), io, (await cli.vault()).profiles),
}
