import { KeywardError } from '../../../shared/errors'
import type { ProfilesService } from '../../core/profiles/profiles-service'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { openCliVault } from '../open-vault'

/** What `keyward guard` was asked to do. */
export interface GuardOptions {
  readonly name: string
  /** true: serve only after approval in the app; false (`--off`): serve as usual. */
  readonly required: boolean
  readonly json: boolean
}

/** Parses `keyward guard NAME [--off] [--json]`. */
export function parseGuardArgs(args: string[]): GuardOptions {
  const { values, positionals } = parseFlags(args, { off: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } })
  if (positionals.length !== 1) throw new KeywardError('INVALID_INPUT', 'name one profile: keyward guard NAME [--off]')
  return { name: positionals[0]!, required: !values.off, json: values.json }
}

/** Turns "requires approval" on or off for a profile. */
export async function runGuard(options: GuardOptions, io: CliIO, profiles: ProfilesService): Promise<number> {
  const updated = await profiles.setApproval(options.name, options.required)
  if (options.json) printJson(io, updated)
  else if (updated.requiresApproval) {
    io.stdout.write(`${updated.name} now needs your approval in the Keyward app each time a tool asks for it (a helper call without the app is refused).\n`)
    if (updated.kind !== 'api') io.stdout.write(`(${updated.name} holds an Admin key, which is never served to tools anyway.)\n`)
  } else io.stdout.write(`${updated.name} is served without asking again.\n`)
  return EXIT.OK
}

/** `keyward guard`. */
export const guardCommand: Command = {
  summary: 'make a profile require approval in the app before a tool gets it (--off to stop)',
  help: `Usage: keyward guard NAME [--off] [--json]

Marks profile NAME as "requires approval": when keyward helper, exec or env asks for its key, the
Keyward app shows a prompt and the tool waits until you approve (or it times out). Without the
app (no daemon, or the headless keyward daemon) the request is refused.
  --off    serve NAME without asking again
  --json   print the profile (name, kind, hint, requiresApproval; never the key)`,
  run: (args, io) => runGuard(parseGuardArgs(args), io, openCliVault(io).profiles),
}
