import type { UsagePerson } from '../../../../shared/contract'
import { fromAmount, toAmount } from '../../../../shared/money'

/** A person's Claude Code share of spend, 0..100, from the exact amounts (for drawing and the label). */
export function claudeCodeShare(p: Pick<UsagePerson, 'claudeCodeCost' | 'totals'>): number {
  const total = Number(p.totals.cost)
  return total > 0 ? Math.round((Number(p.claudeCodeCost) / total) * 100) : 0
}

/** What kind of identity a row is, in words. */
export const TYPE_LABEL: Record<UsagePerson['type'], string> = {
  user: 'Person',
  service_account: 'Service account',
  api_key: 'API key',
  federated: 'Federated identity',
  unattributed: 'Unattributed',
}

/**
 * The "Claude Code · API" cell's words. Spend the usage data cannot split by product (an
 * unattributed hour, a product neither side covers) is named as such, so the parts always add up
 * to the person's total: "$0.00 · $0.00" beside a total of $8.31 would read as an error.
 */
export function splitText(p: Pick<UsagePerson, 'claudeCodeCost' | 'apiCost' | 'totals'>, money: (amount: string) => string): string {
  const rest = fromAmount(p.totals.cost) - fromAmount(p.claudeCodeCost) - fromAmount(p.apiCost)
  if (rest <= 0n) return `${money(p.claudeCodeCost)} · ${money(p.apiCost)}`
  if (fromAmount(p.claudeCodeCost) === 0n && fromAmount(p.apiCost) === 0n) return 'not split by product'
  return `${money(p.claudeCodeCost)} · ${money(p.apiCost)} · ${money(toAmount(rest))} not split`
}
