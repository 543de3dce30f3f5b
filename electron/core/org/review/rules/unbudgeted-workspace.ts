import { formatMoney, parseCents } from '../../../../../shared/money'
import { type ReviewRule, findingId } from '../review-rule'

/**
 * Active named workspaces with neither a server spend limit (an enabled one with an amount) nor a
 * local Keyward budget ("forgetting to set budget alerts") → set a monthly spend limit. The Default
 * workspace is left out: it is covered by the organization's own limit.
 */
export const unbudgetedWorkspaceRule: ReviewRule = {
  id: 'unbudgeted-workspace',
  severity: 'medium',
  check(facts, settings) {
    if (facts.spendLimits === null) return []
    const limited = new Set(facts.spendLimits.filter((l) => l.enabled && l.amount !== null && l.scope.workspaceId).map((l) => l.scope.workspaceId))
    const budgeted = new Set(facts.budgetScopes.flatMap((s) => (s.type === 'workspace' && s.orgId === facts.orgId ? [s.workspaceId] : [])))
    return facts.workspaces
      .filter((w) => w.archivedAt === null && w.id !== facts.defaultWorkspaceId && !limited.has(w.id) && !budgeted.has(w.id))
      .map((w) => ({
        id: findingId('unbudgeted-workspace', w.id),
        title: `Workspace ${w.name} has no spend limit and no budget`,
        evidence: ['No spend limit is set for it at Anthropic', 'No Keyward budget covers it'],
        advice: 'Set a monthly spend limit (enforced by Anthropic) or a Keyward budget (alerts you) so a runaway job is noticed.',
        fix: {
          kind: 'set-spend-limit' as const,
          label: 'Set spend limit',
          description: `Set a monthly spend limit of ${formatMoney(parseCents(settings.suggestedLimitCents), { locale: 'en-US' })} on ${w.name}.`,
          targetId: w.id,
          targetName: w.name,
          suggestedCents: settings.suggestedLimitCents,
        },
      }))
  },
}
