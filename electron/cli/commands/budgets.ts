import type { BudgetScope } from '../../../shared/contract/budgets.contract'
import { KeywardError } from '../../../shared/errors'
import { budgetPeriodName, limitPerPeriod } from '../../../shared/budget-text'
import { dollarsFlag } from '../typed-dollars'
import { formatMoney, fromAmount } from '../../../shared/money'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import type { UsageModule } from '../../core/usage/usage-module'
import { safeValue } from '../../../shared/terminal-text'

/** What `keyward budgets` was asked to do. */
export type BudgetsOptions =
  | { readonly action: 'list'; readonly json: boolean }
  | {
      readonly action: 'set'
      readonly scope: BudgetScope
      readonly period: 'day' | 'month'
      readonly limit: string
      readonly thresholds: number[]
      readonly channels: string[]
      readonly json: boolean
    }
  | { readonly action: 'remove'; readonly id: string; readonly json: boolean }

/** Parses `--scope org | workspace:ID | profile:NAME | project:DIR | user:ID | product:NAME` for org `orgId`. */
export function parseScope(raw: string, orgId: string): BudgetScope {
  const [type = '', ...rest] = raw.split(':')
  const value = rest.join(':')
  if (type === 'org' && value === '') return { type: 'org', orgId }
  if (value !== '' && type === 'workspace') return { type: 'workspace', orgId, workspaceId: value }
  if (value !== '' && type === 'profile') return { type: 'profile', orgId, profile: value }
  if (value !== '' && type === 'project') return { type: 'project', orgId, directory: value }
  if (value !== '' && type === 'user') return { type: 'user', orgId, userId: value }
  if (value !== '' && type === 'product') return { type: 'product', orgId, product: value }
  throw new KeywardError('INVALID_INPUT', `--scope must be org, workspace:ID, profile:NAME, project:DIR, user:ID or product:NAME, not "${raw.slice(0, 60)}"`)
}

/** Parses `keyward budgets [list | set … | remove ID]`. */
export function parseBudgetsArgs(args: string[], cwd: string, orgIds: readonly string[] = []): BudgetsOptions {
  const { values, positionals } = parseFlags(args, {
    org: { type: 'string' },
    scope: { type: 'string', default: 'org' },
    period: { type: 'string', default: 'month' },
    limit: { type: 'string' },
    thresholds: { type: 'string', default: '50,80,100' },
    channels: { type: 'string', default: '' },
    json: { type: 'boolean', default: false },
  })
  const [action = 'list', target] = positionals
  if (action === 'list') return { action, json: values.json }
  if (action === 'remove') {
    if (!target) throw new KeywardError('INVALID_INPUT', 'name the budget: keyward budgets remove ID (keyward budgets lists the ids)')
    return { action, id: target, json: values.json }
  }
  if (action !== 'set') throw new KeywardError('INVALID_INPUT', `unknown budgets action "${action.slice(0, 40)}"; use list, set or remove`)
  const org = values.org ?? soleOrg(orgIds)
  if (!values.limit) throw new KeywardError('INVALID_INPUT', 'give the limit in dollars: --limit 250')
  if (values.period !== 'day' && values.period !== 'month') throw new KeywardError('INVALID_INPUT', '--period must be day or month')
  const thresholds = values.thresholds.split(',').map((t) => Number(t.trim()))
  if (thresholds.some((t) => !Number.isInteger(t) || t < 1 || t > 1000)) throw new KeywardError('INVALID_INPUT', '--thresholds must be whole percentages, e.g. 50,80,100')
  const scopeRaw = values.scope === 'project:.' ? `project:${cwd}` : values.scope
  const channels = values.channels
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '')
  return { action, scope: parseScope(scopeRaw, org), period: values.period, limit: dollarsFlag(values.limit, '--limit').dollars, thresholds, channels, json: values.json }
}

/** The org a budget is for when `--org` is left out: the only one; with none or several, what to do. */
function soleOrg(orgIds: readonly string[]): string {
  if (orgIds.length === 1) return orgIds[0]!
  if (orgIds.length === 0) throw new KeywardError('NOT_FOUND', 'there is no org to budget for; add one with an Admin key (keyward orgs add PROFILE) or try the demo (keyward demo)')
  throw new KeywardError('INVALID_INPUT', `there are ${orgIds.length} orgs; name one: --org ID (keyward orgs lists them)`)
}

/** Runs `keyward budgets`. */
export async function runBudgets(options: BudgetsOptions, io: CliIO, usage: Pick<UsageModule, 'budgets'>): Promise<number> {
  if (options.action === 'set') {
    const budget = await usage.budgets.set(options)
    if (options.json) printJson(io, budget)
    else {
      const label = (await usage.budgets.list(new Date())).budgets.find((b) => b.budget.id === budget.id)?.label ?? budget.scope.type
      io.stdout.write(
        `Budget ${budget.id}: ${limitPerPeriod(budget.limit, budget.period)} for ${label}, notifying at ${budget.thresholds.join('/')} %${budget.channels?.length ? ` (also to ${budget.channels.join(', ')})` : ''}.\n`,
      )
    }
    return EXIT.OK
  }
  if (options.action === 'remove') {
    const removed = await usage.budgets.remove(options.id)
    if (options.json) printJson(io, { removed })
    else io.stdout.write(removed ? `Removed budget ${options.id}.\n` : `There is no budget ${options.id}.\n`)
    return removed ? EXIT.OK : EXIT.NOT_FOUND
  }
  const list = await usage.budgets.list(new Date())
  if (options.json) {
    printJson(io, list)
    return EXIT.OK
  }
  const money = (a: string): string => formatMoney(fromAmount(a))
  if (list.budgets.length === 0)
    io.stdout.write('No local budgets. Set one: keyward budgets set [--org ID] --limit 250 [--period day|month] [--scope org|workspace:ID|profile:NAME|project:DIR|user:ID|product:NAME]\n')
  for (const b of list.budgets) {
    io.stdout.write(
      `${b.budget.id}  ${safeValue(b.label)}: ${limitPerPeriod(b.budget.limit, b.budget.period)}; ${money(b.spent)} spent in ${budgetPeriodName(b.budget.period, b.periodStart)} (${b.percent} %, ${b.state})${b.budget.channels?.length ? ` → ${b.budget.channels.join(', ')}` : ''}\n`,
    )
  }
  for (const l of list.serverLimits) {
    io.stdout.write(
      `spend limit  ${safeValue(l.orgName)} ${safeValue(l.label)}: ${l.limit === null ? 'no cap' : limitPerPeriod(l.limit, l.period, { currency: l.currency })}${l.enabled ? '' : ' (disabled)'}\n`,
    )
  }
  io.stdout.write(`Days and months are in ${list.timeZone}.\n`)
  return EXIT.OK
}

/** `keyward budgets`. */
export const budgetsCommand: Command = {
  summary: 'local spend budgets with alerts, beside the org’s server-side spend limits',
  help: `Usage: keyward budgets [list] [--json]
       keyward budgets set [--org ID] --limit DOLLARS [--period day|month] [--scope SCOPE] [--thresholds 50,80,100] [--channels NAME,…] [--json]
       keyward budgets remove ID

A budget notifies once per threshold per day or month (your time zone): a desktop notification
in the app, a log line from the daemon. Spend is read from the local usage cache.
  --org    the org (may be left out when there is only one; keyward orgs lists them)
  --limit  the budget's amount in dollars (a local budget alerts; a server spend limit, on the Limits
           screen, is enforced by Anthropic)
  --scope  org (default), workspace:ID, profile:NAME, project:DIR (project:. for this directory),
           user:ID (a person's user_…, svac_… or apikey_… id, from keyward usage --by user --json)
           or product:NAME (claude_code, messages_api, …)
  --channels  alert channels that also get its alerts (keyward channels lists them; an unknown one saves nothing)`,
  run: async (args, io, cli) => {
    const orgIds = (await (await cli.orgAdmin()).orgs.list()).map((o) => o.id)
    return runBudgets(parseBudgetsArgs(args, io.cwd, orgIds), io, await cli.usage())
  },
}
