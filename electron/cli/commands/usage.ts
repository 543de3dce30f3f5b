import { presetRange, systemTimeZone } from '../../../shared/calendar'
import { UsageGroupBy, type UsageSummary } from '../../../shared/contract/usage.contract'
import { KeywardError } from '../../../shared/errors'
import { formatMoney, fromAmount } from '../../../shared/money'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { openCliUsage } from '../open-usage'

/** What `keyward usage` was asked for. */
export interface UsageOptions {
  readonly by: UsageGroupBy
  readonly from: string
  readonly to: string
  readonly timeZone: string
  readonly orgId: string | undefined
  readonly json: boolean
}

/** Parses `keyward usage` flags; the default range is this month to date in the user's time zone. */
export function parseUsageArgs(args: string[], env: NodeJS.ProcessEnv, now: Date = new Date()): UsageOptions {
  const { values } = parseFlags(
    args,
    {
      by: { type: 'string', default: 'key' },
      from: { type: 'string' },
      to: { type: 'string' },
      org: { type: 'string' },
      tz: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    false,
  )
  const by = UsageGroupBy.safeParse(values.by)
  if (!by.success) throw new KeywardError('INVALID_INPUT', `--by must be one of ${UsageGroupBy.options.join(', ')}, not "${String(values.by).slice(0, 20)}"`)
  const timeZone = values.tz ?? env.TZ ?? systemTimeZone()
  const month = presetRange('month', now.getTime(), timeZone)
  return { by: by.data, from: values.from ?? month.from, to: values.to ?? (values.from ? presetRange('today', now.getTime(), timeZone).to : month.to), timeZone, orgId: values.org, json: values.json }
}

function table(summary: UsageSummary): string {
  const money = (amount: string): string => formatMoney(fromAmount(amount), { currency: summary.currency })
  const rows = summary.groups.map((g) => [g.label.slice(0, 48), money(g.totals.cost), g.totals.totalTokens.toLocaleString(), g.totals.requests.toLocaleString()])
  rows.push(['Total', money(summary.total.cost), summary.total.totalTokens.toLocaleString(), summary.total.requests.toLocaleString()])
  const head = ['', 'Cost', 'Tokens', 'Requests']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const fmt = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  const synced = summary.lastSyncedAt ? `last synced ${summary.lastSyncedAt}` : 'never synced'
  return `${summary.orgName}: ${summary.range.from} to ${summary.range.to} (${summary.range.timeZone}; ${synced})\n${fmt(head)}\n${rows.map(fmt).join('\n')}\n`
}

/** Runs `keyward usage` against the local cache (it never calls the API; `keyward sync` does). */
export async function runUsage(options: UsageOptions, io: CliIO): Promise<number> {
  const usage = openCliUsage(io)
  try {
    const range = { from: options.from, to: options.to, timeZone: options.timeZone }
    const summary = await usage.queries.summary({ orgId: options.orgId, range, groupBy: options.by })
    if (options.json) {
      const now = Date.now()
      const month = await usage.queries.summary({ orgId: summary.orgId, range: { ...presetRange('month', now, options.timeZone), timeZone: options.timeZone }, groupBy: 'model' })
      const today = await usage.queries.summary({ orgId: summary.orgId, range: { ...presetRange('today', now, options.timeZone), timeZone: options.timeZone }, groupBy: 'model' })
      printJson(io, { ...summary, monthToDate: month.total.cost, today: today.total.cost })
    } else io.stdout.write(table(summary))
    return EXIT.OK
  } finally {
    await usage.dispose()
  }
}

/** `keyward usage`. */
export const usageCommand: Command = {
  summary: 'show synced token usage and spend by key, model, workspace, project, profile, user or product',
  help: `Usage: keyward usage [--by key|model|workspace|project|profile|user|product] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--org ID] [--tz ZONE] [--json]

Reads the local usage cache (run keyward sync, or keep the app or daemon running, to refresh it).
Dates are calendar days in your time zone (--tz, else $TZ, else the system's); days older than
the last 48 hours are counted as whole UTC days, as the Admin API reports them. Amounts are exact.
  --by      how to break usage out (default: key); project counts a key only when it is bound to
            one project; keys bound to several projects are listed once, as shared; user is the
            identity the API attributes usage to (id user_…, svac_…, apikey_…; federated identities
            and unattributed usage are their own groups); product is Claude Code, the API, …
  --from    first day (default: the 1st of this month); --to  last day (default: today)
  --org     the org id (default: the first org with synced usage)
  --json    print the breakdown as JSON, with monthToDate and today totals`,
  run: (args, io) => runUsage(parseUsageArgs(args, io.env), io),
}
