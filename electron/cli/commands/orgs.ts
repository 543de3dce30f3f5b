import type { OrgSummary } from '../../../shared/contract/orgs.contract'
import { KeywardError } from '../../../shared/errors'
import type { OrgRegistry } from '../../core/orgs/org-registry'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { openCliOrgAdmin } from '../open-org-admin'
import { safeValue } from '../../../shared/terminal-text'

/** What `keyward orgs` was asked to do. */
export type OrgsOptions =
  | { readonly action: 'list'; readonly json: boolean }
  | { readonly action: 'add'; readonly profile: string; readonly baseURL: string | undefined; readonly json: boolean }
  | { readonly action: 'remove'; readonly orgId: string; readonly json: boolean }

/** Parses `keyward orgs [list | add PROFILE [--base-url URL] | remove ORG_ID] [--json]`. */
export function parseOrgsArgs(args: string[]): OrgsOptions {
  const { values, positionals } = parseFlags(args, { 'base-url': { type: 'string' }, json: { type: 'boolean', default: false } })
  const [action = 'list', target, ...extra] = positionals
  if (extra.length > 0) throw new KeywardError('INVALID_INPUT', `unexpected argument "${extra[0]!.slice(0, 40)}"; see keyward orgs --help`)
  if (action === 'list') return { action, json: values.json }
  if (!target) throw new KeywardError('INVALID_INPUT', action === 'add' ? 'name the Admin-key profile: keyward orgs add PROFILE' : 'name the org: keyward orgs remove ORG_ID')
  if (action === 'add') return { action, profile: target, baseURL: values['base-url'], json: values.json }
  if (action === 'remove') return { action, orgId: target, json: values.json }
  throw new KeywardError('INVALID_INPUT', `unknown orgs action "${action.slice(0, 40)}"; use list, add or remove`)
}

const line = (o: OrgSummary): string => `${safeValue(o.id).padEnd(38)} ${safeValue(o.name)}${o.demo ? '' : `  (profile ${o.adminProfile}, ${safeValue(o.baseURL)})`}`

/** Runs `keyward orgs`. */
export async function runOrgs(options: OrgsOptions, io: CliIO, orgs: OrgRegistry): Promise<number> {
  if (options.action === 'list') {
    const all = await orgs.list()
    if (options.json) printJson(io, all)
    else if (all.length === 0) io.stdout.write('No orgs yet. Add one: keyward orgs add PROFILE (an Admin-key profile), or try the demo: keyward demo\n')
    else io.stdout.write(`${all.map(line).join('\n')}\n`)
    return EXIT.OK
  }
  if (options.action === 'add') {
    const org = await orgs.add(options.baseURL === undefined ? { adminProfile: options.profile } : { adminProfile: options.profile, baseURL: options.baseURL })
    if (options.json) printJson(io, org)
    else io.stdout.write(`Added org ${safeValue(org.name)} (${safeValue(org.id)}); its Admin key stays in the keychain under profile ${options.profile}.\n`)
    return EXIT.OK
  }
  const removed = await orgs.remove(options.orgId)
  if (options.json) printJson(io, { removed })
  else io.stdout.write(removed ? `Removed org ${options.orgId} (its Admin-key profile is kept).\n` : `There was no org ${options.orgId}.\n`)
  return removed ? EXIT.OK : EXIT.NOT_FOUND
}

/** `keyward orgs`. */
export const orgsCommand: Command = {
  summary: 'list, add or remove the Anthropic orgs Keyward administers',
  help: `Usage: keyward orgs [list] [--json]
       keyward orgs add PROFILE [--base-url URL] [--json]
       keyward orgs remove ORG_ID [--json]

add checks the Admin key stored under PROFILE (keyward add PROFILE --admin) against the Admin
API (GET /v1/organizations/me) and remembers the org; the key never leaves the keychain.
  --base-url URL  the Admin API's base URL (default https://api.anthropic.com)
  --json          print JSON`,
  async run(args, io) {
    const options = parseOrgsArgs(args)
    const orgAdmin = openCliOrgAdmin(io)
    try {
      return await runOrgs(options, io, orgAdmin.orgs)
    } finally {
      await orgAdmin.close()
    }
  },
}
