import type { UsageTotals } from '../../../shared/contract/usage.contract'
import { toAmount } from '../../../shared/money'
import type { Totals } from './store/totals'

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
