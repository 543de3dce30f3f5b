import type { OrgRegistry } from '../../core/org/orgs/org-registry'
import { safeValue } from '../../../shared/terminal-text'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { openCliOrgAdmin } from '../open-org-admin'

/** Registers the demo org and says how to see it. */
export async function runDemo(json: boolean, io: CliIO, orgs: OrgRegistry): Promise<number> {
  const org = await orgs.addDemo()
  if (json) printJson(io, { id: org.id, name: org.name, demo: true })
  else {
    io.stdout.write(`Added the demo org "${safeValue(org.name)}": a seeded org served by Keyward's built-in Admin API emulator.\n`)
    io.stdout.write('The app (or keyward daemon --ui) starts its emulator on first use; remove it with: keyward orgs remove demo\n')
  }
  return EXIT.OK
}

/** `keyward demo`. */
export const demoCommand: Command = {
  summary: 'add the demo org (a seeded org on the built-in Admin API emulator) to try every screen',
  help: `Usage: keyward demo [--json]

Adds the demo org, so every admin and usage screen has data without an Admin key. Its emulator
runs inside the app or daemon that shows it; its Admin key is generated and kept in memory only
(it opens nothing but the emulator). Remove it with: keyward orgs remove demo`,
  async run(args, io) {
    const { values } = parseFlags(args, { json: { type: 'boolean', default: false } }, false)
    const orgAdmin = openCliOrgAdmin(io)
    try {
      return await runDemo(values.json, io, orgAdmin.orgs)
    } finally {
      await orgAdmin.close()
    }
  },
}
