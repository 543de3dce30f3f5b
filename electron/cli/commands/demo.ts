import type { OrgRegistry } from '../../core/org/orgs/org-registry'
import { safeValue } from '../../../shared/terminal-text'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'

/** Registers the demo org served by the running app or daemon and says how to see it; with none running, UNAVAILABLE (exit 6) says how to start one. */
export async function runDemo(json: boolean, io: CliIO, orgs: OrgRegistry): Promise<number> {
  const org = await orgs.addDemo()
  if (json) printJson(io, { id: org.id, name: org.name, demo: true })
  else {
    io.stdout.write(`Added the demo org "${safeValue(org.name)}": a seeded org served by Keyward's built-in Admin API emulator.\n`)
    io.stdout.write('It lives in the running app or daemon: keyward commands on it act on that same org until it stops. Remove it with: keyward orgs remove demo\n')
  }
  return EXIT.OK
}

/** `keyward demo`. */
export const demoCommand: Command = {
  summary: 'add the demo org (a seeded org on the built-in Admin API emulator) to try every screen',
  help: `Usage: keyward demo [--json]

Adds the demo org, so every admin and usage screen has data without an Admin key. The demo org
lives in the running app or keyward daemon: its emulator runs there, and every keyward command on
the demo org acts on that one org, so the dashboard sees what the CLI changed and the other way
round. With neither running, this command adds nothing: it says how to start one (keyward daemon
--demo, which adds the demo org itself, or npm start) and exits with code 6. The emulator accepts a
random per-run token, recorded for this user only in the data directory; it opens nothing but the
emulator. Remove the demo org with: keyward orgs remove demo`,
  async run(args, io, cli) {
    const { values } = parseFlags(args, { json: { type: 'boolean', default: false } }, false)
    return runDemo(values.json, io, (await cli.orgAdmin()).orgs)
  },
}
