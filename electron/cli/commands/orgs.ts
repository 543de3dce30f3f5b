import type { OrgSummary } from '../../../shared/contract/orgs.contract'
import { KeywardError } from '../../../shared/errors'
import type { ConfirmOrgMove, OrgMove, OrgRegistry } from '../../core/org/orgs/org-registry'
import { type Command, parseFlags, printJson } from '../command'
import { confirmOnTerminal } from '../confirm'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { safeValue } from '../../../shared/terminal-text'

/** What `keyward orgs` was asked to do. */
export type OrgsOptions =
  | { readonly action: 'list'; readonly json: boolean }
  | { readonly action: 'add'; readonly profile: string; readonly baseURL: string | undefined; readonly replace: boolean; readonly json: boolean }
  | { readonly action: 'remove'; readonly orgId: string; readonly json: boolean }

/** Parses `keyward orgs [list | add PROFILE [--base-url URL] [--replace] | remove ORG_ID] [--json]`. */
export function parseOrgsArgs(args: string[]): OrgsOptions {
  const { values, positionals } = parseFlags(args, { 'base-url': { type: 'string' }, replace: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } })
  const [action = 'list', target, ...extra] = positionals
  if (extra.length > 0) throw new KeywardError('INVALID_INPUT', `unexpected argument "${extra[0]!.slice(0, 40)}"; see keyward orgs --help`)
  if (action !== 'add' && values.replace) throw new KeywardError('INVALID_INPUT', '--replace goes with keyward orgs add PROFILE --base-url URL')
  if (action === 'list') return { action, json: values.json }
  if (!target) throw new KeywardError('INVALID_INPUT', action === 'add' ? 'name the Admin-key profile: keyward orgs add PROFILE' : 'name the org: keyward orgs remove ORG_ID')
  if (action === 'add') return { action, profile: target, baseURL: values['base-url'], replace: values.replace, json: values.json }
  if (action === 'remove') return { action, orgId: target, json: values.json }
  throw new KeywardError('INVALID_INPUT', `unknown orgs action "${action.slice(0, 40)}"; use list, add or remove`)
}

/**
 * How `orgs add` decides a move of an org to a new base URL: --replace moves it; a person at a
 * terminal is asked, naming both URLs; with neither, the registry refuses (naming both and --replace).
 * Every move it let through is pushed to `moves`, to be reported once the org is saved.
 */
function terminalMoveConfirmer(io: CliIO, replace: boolean, moves: OrgMove[]): ConfirmOrgMove | undefined {
  if (!replace && !io.stdin.isTTY) return undefined
  return async (move) => {
    const question = `Org ${safeValue(move.orgName)} (${safeValue(move.orgId)}) is at ${safeValue(move.from)}. Move it, and send the Admin key of profile ${move.adminProfile} to ${safeValue(move.to)} from now on?`
    const yes = await confirmOnTerminal(io, question, replace)
    if (yes) moves.push(move)
    return yes
  }
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
    const moves: OrgMove[] = []
    const confirmMove = terminalMoveConfirmer(io, options.replace, moves)
    const org = await orgs.add(options.baseURL === undefined ? { adminProfile: options.profile } : { adminProfile: options.profile, baseURL: options.baseURL }, confirmMove ? { confirmMove } : {})
    if (options.json) printJson(io, org)
    else {
      for (const m of moves) io.stdout.write(`Moved org ${safeValue(m.orgName)} (${safeValue(m.orgId)}): ${safeValue(m.from)} → ${safeValue(m.to)}.\n`)
      io.stdout.write(`Added org ${safeValue(org.name)} (${safeValue(org.id)}); its Admin key stays in the keychain under profile ${options.profile}.\n`)
    }
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
       keyward orgs add PROFILE [--base-url URL] [--replace] [--json]
       keyward orgs remove ORG_ID [--json]

add checks the Admin key stored under PROFILE (keyward add PROFILE --admin) against the Admin
API (GET /v1/organizations/me) and remembers the org; the key never leaves the keychain.
An org already stored at another base URL (the profile backs one, or the API names a stored org)
moves only when you say so: at a terminal you are asked, naming the old and the new URL; a script
passes --replace. Without either it changes nothing and exits 1 (when the profile already backs an
org elsewhere, before its Admin key is even read).
  --base-url URL  the Admin API's base URL (default https://api.anthropic.com)
  --replace       move an org stored at another base URL to this one without asking
  --json          print JSON`,
  async run(args, io, cli) {
    const options = parseOrgsArgs(args)
    return runOrgs(options, io, (await cli.orgAdmin()).orgs)
  },
}
