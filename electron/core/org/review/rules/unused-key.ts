import { type ReviewRule, dayCount, dayOf, daysSince, findingId } from '../review-rule'
import { workspaceLabel } from '../org-facts'

/**
 * Active keys with no use in the local usage cache for `unusedDays` days → deactivate. Needs a
 * synced cache: a key is judged only when the cache reaches back far enough (or shows a last use),
 * and a key younger than the threshold is never "unused".
 */
export const unusedKeyRule: ReviewRule = {
  id: 'unused-key',
  severity: 'high',
  check(facts, settings, now) {
    const { lastUsed } = facts
    if (lastUsed.lastSyncedAt === null) return []
    return facts.apiKeys.flatMap((key) => {
      if (key.status !== 'active' || daysSince(key.createdAt, now) < settings.unusedDays) return []
      const last = lastUsed.keys[key.id]?.at ?? null
      const since = last ?? lastUsed.coveredFrom
      if (since === null) return []
      const idle = daysSince(since, now)
      if (idle < settings.unusedDays) return []
      const seen = last ? `Last used ${dayOf(last)} (${dayCount(idle)} ago)` : `No use since ${dayOf(since)}, where the usage cache starts (${dayCount(idle)})`
      return [
        {
          id: findingId('unused-key', key.id),
          title: `Key ${key.name} has not been used for ${dayCount(idle)}`,
          evidence: [seen, `Created ${dayOf(key.createdAt)} in the ${workspaceLabel(facts, key.workspaceId)}`, `Threshold: ${settings.unusedDays} days`],
          advice: 'An unused active key is only a risk. Deactivate it; it can be reactivated if something still needs it.',
          fix: {
            kind: 'deactivate-key',
            label: 'Deactivate key',
            description: `Deactivate ${key.name} through the Admin API. Requests with it fail until it is reactivated.`,
            targetId: key.id,
            targetName: key.name,
          },
        },
      ]
    })
  },
}
