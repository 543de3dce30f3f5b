import { presetRange, requireTimeZone, systemTimeZone } from '../../../shared/calendar'
import type { ClaudeCodeReport } from '../../../shared/contract/claude-code.contract'
import { KeywardError } from '../../../shared/errors'
import { formatMoney, fromAmount } from '../../../shared/money'
import { safeField, safeValue } from '../../../shared/terminal-text'
import type { ClaudeCodeService } from '../../core/usage/claude-code/claude-code-service'
import { parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { requireDate } from './usage'

/** What `keyward claude report` was asked for. */
export interface ClaudeReportOptions {
  /** The first and last UTC day counted (YYYY-MM-DD, inclusive). */
  readonly from: string
  readonly to: string
  readonly orgId: string | undefined
  readonly json: boolean
}

/**
 * Parses `keyward claude report` flags. The report has whole UTC days only, so a range of local
 * dates counts the UTC days with the same dates: --from 2026-03-01 --to 2026-03-31 is the UTC days
 * March 1 to 31, whatever the time zone. --tz (else $TZ, else the system's) decides only the
 * default range, this month to today as dates in that zone.
 */
export function parseClaudeReportArgs(args: string[], env: NodeJS.ProcessEnv, now: Date = new Date()): ClaudeReportOptions {
  const { values, positionals } = parseFlags(args, { from: { type: 'string' }, to: { type: 'string' }, org: { type: 'string' }, tz: { type: 'string' }, json: { type: 'boolean', default: false } })
  if (positionals.length > 0) throw new KeywardError('INVALID_INPUT', `keyward claude report takes no arguments, not "${positionals[0]!.slice(0, 40)}"; see keyward claude --help`)
  const timeZone = values.tz ?? env.TZ ?? systemTimeZone()
  requireTimeZone(timeZone, values.tz !== undefined ? '--tz ' : 'TZ ')
  for (const flag of ['from', 'to'] as const) {
    const date = values[flag]
    if (date !== undefined) requireDate(`--${flag}`, date, timeZone)
  }
  const month = presetRange('month', now.getTime(), timeZone)
  const today = presetRange('today', now.getTime(), timeZone).to
  const from = values.from ?? month.from
  const to = values.to ?? (values.from !== undefined ? today : month.to)
  if (to < from) throw new KeywardError('INVALID_INPUT', `--to ${to} is before --from ${from}; give the first day with --from and the last with --to`)
  return { from, to, orgId: values.org, json: values.json }
}

/** The JSON `keyward claude report --json` prints: the range and one entry per actor. */
export function claudeReportJson(report: ClaudeCodeReport): object {
  return {
    from: report.from,
    to: report.to,
    people: report.people.map((p) => ({
      actor: p.actor,
      sessions: p.sessions,
      linesAdded: p.linesAdded,
      linesRemoved: p.linesRemoved,
      commits: p.commits,
      pullRequests: p.pullRequests,
      toolAccepted: p.toolAccepted,
      toolRejected: p.toolRejected,
      cost: p.cost,
    })),
  }
}

/** The accept rate of tool proposals as a whole percent, or "—" when there were none. */
export function acceptRate(accepted: number, rejected: number): string {
  const all = accepted + rejected
  return all === 0 ? '—' : `${Math.round((accepted / all) * 100)}%`
}

function table(report: ClaudeCodeReport): string {
  const money = (amount: string): string => formatMoney(fromAmount(amount), { currency: 'USD' })
  const row = (name: string, f: ClaudeCodeReport['total']): string[] => [
    name,
    f.sessions.toLocaleString(),
    `+${f.linesAdded.toLocaleString()} −${f.linesRemoved.toLocaleString()}`,
    f.commits.toLocaleString(),
    f.pullRequests.toLocaleString(),
    `${f.toolAccepted.toLocaleString()}/${(f.toolAccepted + f.toolRejected).toLocaleString()}`,
    acceptRate(f.toolAccepted, f.toolRejected),
    money(f.cost),
  ]
  const rows = report.people.map((p) => row(safeField(p.actor, 48, 'middle'), p))
  rows.push(row('Total', report.total))
  const head = ['', 'Sessions', 'Lines', 'Commits', 'PRs', 'Accepted', 'Rate', 'Est. cost']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const fmt = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  const org = report.orgName === null ? 'no org' : safeValue(report.orgName)
  const cached = `${report.daysCached} of ${report.daysInRange} days synced`
  return `${org}: Claude Code, UTC days ${report.from} to ${report.to} (${cached})\n${fmt(head)}\n${rows.map(fmt).join('\n')}\nEst. cost: Claude Code's estimate at list prices, not the bill (see keyward usage --by product).\n`
}

/** Runs `keyward claude report` against the local cache (`keyward sync` fills it). */
export async function runClaudeReport(options: ClaudeReportOptions, io: CliIO, service: Pick<ClaudeCodeService, 'report'>): Promise<number> {
  const report = await service.report({ orgId: options.orgId, from: options.from, to: options.to })
  if (options.json) printJson(io, claudeReportJson(report))
  else if (report.people.length === 0) io.stdout.write(`${table(report)}No Claude Code use in these days${report.daysCached === 0 ? ' (none synced yet: run keyward sync)' : ''}.\n`)
  else io.stdout.write(table(report))
  return EXIT.OK
}
