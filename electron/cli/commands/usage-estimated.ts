import { formatMoney, fromAmount } from '../../../shared/money'
import { safeValue } from '../../../shared/terminal-text'
import { type EstimatesGroupBy, sumEstimates } from '../../core/usage/estimates/estimates-summary'
import { DamagedEstimatesError, type EstimatesStore } from '../../core/usage/estimates/estimates'
import { KeywardError } from '../../../shared/errors'
import { printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'

/** What `keyward usage --estimated` was asked for. */
export interface EstimatedUsageOptions {
  readonly by: EstimatesGroupBy
  readonly from: string
  readonly to: string
  readonly json: boolean
}

/**
 * `keyward usage --estimated`: Claude Code's own estimates of its sessions' cost, as the status line
 * recorded them, added up by profile or project. Never the server's figures and never mixed with
 * them: the text says so on its first line, the JSON with `"estimated": true`.
 */
export async function runEstimatedUsage(options: EstimatedUsageOptions, io: CliIO, store: EstimatesStore): Promise<number> {
  let months
  try {
    months = await store.months(options.from.slice(0, 7), options.to.slice(0, 7))
  } catch (error) {
    if (error instanceof DamagedEstimatesError) throw new KeywardError('CONFIG_CORRUPT', error.message)
    throw error
  }
  const summary = sumEstimates(months, options.from, options.to, options.by)
  if (options.json) {
    printJson(io, summary)
    return EXIT.OK
  }
  const money = (cost: string): string => formatMoney(fromAmount(cost), { currency: 'USD' })
  const rows = summary.groups.map((g) => [safeValue(g.label).slice(0, 60), money(g.totals.cost), `${g.totals.sessions} session${g.totals.sessions === 1 ? '' : 's'}`])
  rows.push(['Total', money(summary.total.cost), `${summary.total.sessions} session${summary.total.sessions === 1 ? '' : 's'}`])
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)))
  const lines = rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
  io.stdout.write(
    `Claude Code's estimates, not billed figures: ${summary.range.from} to ${summary.range.to}, by ${options.by}\n` +
      `${summary.groups.length === 0 ? 'No Claude Code sessions with a cost were recorded in this range (the status line records them: keyward claude setup --statusline).\n' : ''}` +
      `${lines.join('\n')}\n`,
  )
  return EXIT.OK
}
