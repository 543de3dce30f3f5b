import type { UsageTotals } from '../../../shared/contract/usage.contract'
import { toAmount } from '../../../shared/money'
import type { CellSums } from './store/cell-sums'
import type { Totals } from './store/totals'
import { NUMERIC_COUNT } from './usage-row'

/** The wire form of index totals: exact amount string, integer token counts. */
export function toWireTotals(t: Totals): UsageTotals {
  const n = t.numbers
  const tokens = tokensOf(t)
  return {
    cost: toAmount(t.cost),
    uncachedInputTokens: n[0] ?? 0,
    cacheWrite5mTokens: n[1] ?? 0,
    cacheWrite1hTokens: n[2] ?? 0,
    cacheReadTokens: n[3] ?? 0,
    outputTokens: n[4] ?? 0,
    totalTokens: tokens,
    requests: n[5] ?? 0,
  }
}

/** Total tokens of index totals. */
export function tokensOf(t: Totals): number {
  const n = t.numbers
  return (n[0] ?? 0) + (n[1] ?? 0) + (n[2] ?? 0) + (n[3] ?? 0) + (n[4] ?? 0)
}

/** The wire form of one cell of sums (a group's totals), read in place. */
export function cellWireTotals(sums: CellSums, cell: number): UsageTotals {
  const n = sums.numbers
  const at = cell * NUMERIC_COUNT
  return {
    cost: toAmount(sums.plainCost(cell) ? sums.approxCost(cell) : sums.costOf(cell)),
    uncachedInputTokens: n[at]!,
    cacheWrite5mTokens: n[at + 1]!,
    cacheWrite1hTokens: n[at + 2]!,
    cacheReadTokens: n[at + 3]!,
    outputTokens: n[at + 4]!,
    totalTokens: n[at]! + n[at + 1]! + n[at + 2]! + n[at + 3]! + n[at + 4]!,
    requests: n[at + 5]!,
  }
}
