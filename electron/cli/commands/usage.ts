import { parseLocalDate, presetRange, systemTimeZone } from '../../../shared/calendar'
import { type GroupProjection, UsageGroupBy, type UsageProjection, type UsageSummary } from '../../../shared/contract/usage.contract'
import { KeywardError } from '../../../shared/errors'
import { formatMoney, fromAmount } from '../../../shared/money'
import { formatProjectedRange } from '../../../shared/projection'
import { firstPartialDate, formatDataAsOf, partialRangeNote } from '../../../shared/data-age'
import { projectUsage } from '../../core/usage/usage-projection'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import type { UsageModule } from '../../core/usage/usage-module'
import { safeValue } from '../../../shared/terminal-text'
import { resolveDataDir } from '../../core/platform/paths'

/** What `keyward usage` was asked for. */
export interface UsageOptions {
  readonly by: UsageGroupBy
  readonly from: string
  readonly to: string
  readonly timeZone: string
  readonly orgId: string | undefined
  readonly json: boolean
  /** Claude Code's own estimates (keyward usage --estimated) instead of the synced usage. */
  readonly estimated: boolean
  /** The clock for "this month" and the projection (tests pin it). */
  readonly now?: Date
}

/** Refuses a date flag that is not a real calendar day (2026-13-01, 2026-02-30, "yesterday"), as invalid rather than as a range problem. */
export function requireDate(flag: string, date: string, timeZone: string): void {
  try {
    parseLocalDate(date)
  } catch {
    throw new KeywardError('INVALID_INPUT', `${flag} "${date.slice(0, 20)}" is not a valid date; give a real calendar day as YYYY-MM-DD (in your time zone, ${timeZone}), e.g. 2026-03-01`)
  }
}

/** Parses `keyward usage` flags; the default range is this month to date in the user's time zone. */
export function parseUsageArgs(args: string[], env: NodeJS.ProcessEnv, now: Date = new Date()): UsageOptions {
  const { values } = parseFlags(
    args,
    {
      by: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      org: { type: 'string' },
      tz: { type: 'string' },
      json: { type: 'boolean', default: false },
      estimated: { type: 'boolean', default: false },
    },
    false,
  )
  if (values.estimated) {
    if (values.by !== undefined && values.by !== 'profile' && values.by !== 'project')
      throw new KeywardError('INVALID_INPUT', `--estimated adds up by profile or project, not "${values.by.slice(0, 20)}"; use --by profile or --by project`)
    if (values.org !== undefined) throw new KeywardError('INVALID_INPUT', "--estimated counts Claude Code's estimates, which belong to no org; leave out --org")
  }
  const by = UsageGroupBy.safeParse(values.by ?? (values.estimated ? 'profile' : 'key'))
  if (!by.success) throw new KeywardError('INVALID_INPUT', `--by must be one of ${UsageGroupBy.options.join(', ')}, not "${String(values.by).slice(0, 20)}"`)
  const timeZone = values.tz ?? env.TZ ?? systemTimeZone()
  for (const flag of ['from', 'to'] as const) {
    const date = values[flag]
    if (date !== undefined) requireDate(`--${flag}`, date, timeZone)
  }
  const month = presetRange('month', now.getTime(), timeZone)
  return {
    by: by.data,
    from: values.from ?? month.from,
    to: values.to ?? (values.from ? presetRange('today', now.getTime(), timeZone).to : month.to),
    timeZone,
    orgId: values.org,
    json: values.json,
    estimated: values.estimated,
  }
}

/** A group's projected month end as the table shows it ("—" too early in the month to say). */
export function projectedCell(g: GroupProjection | undefined, currency: string): string {
  return g?.projection ? formatProjectedRange(fromAmount(g.projection.shownLow), fromAmount(g.projection.shownHigh), { currency }) : '—'
}

/**
 * The header's freshness: "data as of 14:00" (the service's watermark, how complete the figures
 * are) and "last synced …" (when Keyward fetched them) are two facts, said apart.
 */
export function freshnessText(summary: Pick<UsageSummary, 'lastSyncedAt' | 'dataRefreshedAt'>, nowMs: number, timeZone: string): string {
  const asOf = formatDataAsOf(summary.dataRefreshedAt, { nowMs, timeZone })
  const synced = summary.lastSyncedAt ? `last synced ${summary.lastSyncedAt}` : 'never synced'
  return asOf ? `${asOf}; ${synced}` : synced
}

function table(summary: UsageSummary, projection: UsageProjection, nowMs: number): string {
  const money = (amount: string): string => formatMoney(fromAmount(amount), { currency: summary.currency })
  const projected = new Map(projection.groups.map((g) => [g.id, g]))
  const rows = summary.groups.map((g) => [
    safeValue(g.label).slice(0, 48),
    money(g.totals.cost),
    g.totals.totalTokens.toLocaleString(),
    g.totals.requests.toLocaleString(),
    projectedCell(projected.get(g.id), summary.currency),
  ])
  rows.push(['Total', money(summary.total.cost), summary.total.totalTokens.toLocaleString(), summary.total.requests.toLocaleString(), projectedCell(projection.total, summary.currency)])
  const head = ['', 'Cost', 'Tokens', 'Requests', `Month end ${projection.month}`]
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const fmt = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  const partial = partialRangeNote(summary.range, summary.dataRefreshedAt, { nowMs, timeZone: summary.range.timeZone })
  const range = `${summary.range.from} to ${summary.range.to}${partial ? ` (${partial})` : ''}`
  return `${safeValue(summary.orgName)}: ${range} (${summary.range.timeZone}; ${freshnessText(summary, nowMs, summary.range.timeZone)})\n${fmt(head)}\n${rows.map(fmt).join('\n')}\nMonth end: projected, not a forecast. ${projection.method}\n`
}

/** Runs `keyward usage` against the local cache (it never calls the API; `keyward sync` does). */
export async function runUsage(options: UsageOptions, io: CliIO, usage: Pick<UsageModule, 'queries'>): Promise<number> {
  const range = { from: options.from, to: options.to, timeZone: options.timeZone }
  const summary = await usage.queries.summary({ orgId: options.orgId, range, groupBy: options.by })
  const now = options.now ?? new Date()
  const dataRefreshedAt = summary.dataRefreshedAt ?? null
  const watermarks = new Map([[summary.orgId, dataRefreshedAt]])
  const projection = await projectUsage(usage.queries, { orgId: summary.orgId, timeZone: options.timeZone, groupBy: options.by, now, watermarks })
  if (options.json) {
    const month = await usage.queries.summary({ orgId: summary.orgId, range: { ...presetRange('month', now.getTime(), options.timeZone), timeZone: options.timeZone }, groupBy: 'model' })
    const today = await usage.queries.summary({ orgId: summary.orgId, range: { ...presetRange('today', now.getTime(), options.timeZone), timeZone: options.timeZone }, groupBy: 'model' })
    // The first partial day inside the range (its figures and later ones are still arriving), or null.
    const first = firstPartialDate(dataRefreshedAt, options.timeZone)
    const partialFrom = first === null || first > summary.range.to ? null : first < summary.range.from ? summary.range.from : first
    printJson(io, { ...summary, dataRefreshedAt, partialFrom, monthToDate: month.total.cost, today: today.total.cost, projection })
  } else io.stdout.write(table(summary, projection, now.getTime()))
  return EXIT.OK
}

/** `keyward usage`. */
export const usageCommand: Command = {
  summary: 'show synced token usage and spend by key, model, workspace, project, profile, user or product',
  help: `Usage: keyward usage [--by key|model|workspace|project|profile|user|product] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--org ID] [--tz ZONE] [--json]
       keyward usage --estimated [--by profile|project] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]

Reads the local usage cache (run keyward sync, or keep the app or daemon running, to keep it current).
Dates are calendar days in your time zone (--tz, else $TZ, else the system's); days older than
the last 48 hours are counted as whole UTC days, as the Admin API reports them. Amounts are exact.
  --by      how to break usage out (default: key); project counts a key only when it is bound to
            one project; keys bound to several projects are listed once, as shared; user is the
            identity the API attributes usage to (id user_…, svac_…, apikey_…; federated identities
            and unattributed usage are their own groups); product is Claude Code, the API, …
  --from    first day (default: the 1st of this month); --to  last day (default: today)
  --org     the org id (default: the first org with synced usage)
  --json    print the breakdown as JSON, with monthToDate and today totals, the month-end
            projection (total and per group), dataRefreshedAt (the service's watermark) and
            partialFrom (the first day in the range whose figures are still arriving, or null)
"Data as of 14:00" is the service's watermark: figures after it are incomplete (the day holding it
is marked "today so far"), and the projection leaves its partial hour out. It is not when Keyward
last synced, which the header says apart.
  --estimated  Claude Code's own estimates of its sessions' cost instead, for keys in no synced org
            (no Admin key): the status line (keyward claude setup --statusline) records each session's
            latest cost.total_cost_usd against the profile and project its directory gets. Each
            session counts once, on the day it was first seen (in the system's time zone). By profile
            (default) or project; with --json the same shape as above (groups[].id, groups[].totals.cost
            in dollars) and "estimated": true. Never added to the synced figures.
Month end: this month's spend plus the rest of the month at two paces, the month's own so far and
the last 7 days' daily rate, shown as the range between them rounded outward to two significant
figures. It is a pace, not a forecast.`,
  run: async (args, io, cli) => {
    const options = parseUsageArgs(args, io.env)
    if (options.estimated) {
      const { runEstimatedUsage } = await import('./usage-estimated')
      const { fileEstimatesStore } = await import('../../core/usage/estimates/file-estimates-store')
      return runEstimatedUsage({ by: options.by === 'project' ? 'project' : 'profile', from: options.from, to: options.to, json: options.json }, io, fileEstimatesStore(resolveDataDir(io.env)))
    }
    return runUsage(options, io, { queries: await cli.usageQueries() })
  },
}
