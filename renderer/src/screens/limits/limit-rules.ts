import type { AdminSpendLimit, AdminWorkspace, SpendScope } from '../../../../shared/contract'

/**
 * What the Admin API accepts for a Claude Console organization's spend limits (SDK `spendLimits.set`):
 * organization and workspace limits, monthly, always with an amount. Daily and weekly limits and
 * "no limit" overrides exist only for a Claude Enterprise organization's per-user limits.
 */
export const LIMIT_PERIOD_NOTE = 'Org and workspace limits are monthly and always carry an amount: the Admin API offers no daily or weekly limits for them. To lift a limit, delete it.'

/** Why the usage-tier row has no Delete. */
export const USAGE_TIER_NOTE = 'Set by Anthropic from the usage tier; read-only'

/** True when the Admin API can delete this limit: every limit but the read-only usage-tier cap. */
export const canDeleteLimit = (limit: Pick<AdminSpendLimit, 'scope'>): boolean => limit.scope.type !== 'usage_tier'

/** "monthly" as the screen says it: "Monthly". */
export const periodLabel = (period: string): string => (period ? period[0]!.toUpperCase() + period.slice(1) : period)

/** A scope's label as the screens say it, from the Admin API's (`usage_tier` or "usage tier"): "Usage tier". */
export const scopeLabel = (label: string): string => {
  const words = label.replace(/_/g, ' ')
  return words ? words[0]!.toUpperCase() + words.slice(1) : words
}

/** A limit's scope by name: "Workspace Research" rather than its id, once the workspaces are loaded. */
export function scopeName(scope: SpendScope, workspaces: readonly Pick<AdminWorkspace, 'id' | 'name'>[]): string {
  if (scope.type !== 'workspace') return scopeLabel(scope.label)
  const ws = workspaces.find((w) => w.id === scope.workspaceId)
  return ws ? `Workspace ${ws.name}` : scope.label
}
