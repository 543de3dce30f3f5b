import type { UsagePerson } from '../../../../shared/contract'

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
