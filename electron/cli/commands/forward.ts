import { KeywardError } from '../../../shared/errors'
import type { ProfilesService } from '../../core/keys/profiles/profiles-service'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'

/** What `keyward forward` was asked: mark one profile forwardable, or not. */
export interface ForwardOptions {
  readonly name: string
  readonly forwardable: boolean
  readonly json: boolean
}

/** Parses `keyward forward NAME [--off] [--json]`. */
export function parseForwardArgs(args: string[]): ForwardOptions {
  const { values, positionals } = parseFlags(args, { off: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } })
  if (positionals.length !== 1) throw new KeywardError('INVALID_INPUT', 'name one profile: keyward forward NAME [--off]')
  return { name: positionals[0]!, forwardable: !values.off, json: values.json }
}

/** Marks a profile as served to remote machines over `keyward ssh`, or stops that. */
export async function runForward(options: ForwardOptions, io: CliIO, profiles: ProfilesService): Promise<number> {
  const updated = await profiles.setForwardable(options.name, options.forwardable)
  if (options.json) printJson(io, updated)
  else if (updated.forwardable) {
    io.stdout.write(
      `${updated.name} is now forwardable: machines you reach with keyward ssh can get its key while the session lasts${updated.requiresApproval ? ' (it is guarded: each request waits for your approval in the desktop app)' : ''}. Every forwarded key is in the audit log with the host.\n`,
    )
  } else io.stdout.write(`${updated.name} is no longer forwarded to machines reached with keyward ssh.\n`)
  return EXIT.OK
}

/** `keyward forward`. */
export const forwardCommand: Command = {
  summary: "let machines reached with keyward ssh get a profile's key (--off to stop)",
  help: `Usage: keyward forward NAME [--off] [--json]

Marks the API-key profile NAME as forwardable: the Keyward app or daemon on this machine serves it
over its forwarding socket, which keyward ssh relays to the remote machine. Profiles are not
forwardable unless marked. A guarded profile (keyward guard) still asks for approval in the desktop
app, naming the remote host; every forwarded key is audited with transport "forwarded" and the host.
  --off    stop forwarding NAME
  --json   print the profile (name, kind, hint, forwardable; never the key)`,
  run: async (args, io, cli) => runForward(parseForwardArgs(args), io, (await cli.vault()).profiles),
}
