import { type ReviewRule, dayOf, findingId } from '../review-rule'
import { workspaceLabel } from '../org-facts'

/** Active keys whose creator is no longer an org user → deactivate (nobody answers for them). */
export const departedCreatorRule: ReviewRule = {
  id: 'departed-creator',
  severity: 'high',
  check(facts) {
    const members = new Set(facts.users.map((u) => u.id))
    return facts.apiKeys.flatMap((key) => {
      if (key.status !== 'active' || key.createdBy?.type !== 'user' || members.has(key.createdBy.id)) return []
      return [
        {
          id: findingId('departed-creator', key.id),
          title: `Key ${key.name} was created by someone no longer in the org`,
          evidence: [`Creator ${key.createdBy.id} is not an org user any more`, `Created ${dayOf(key.createdAt)} in the ${workspaceLabel(facts, key.workspaceId)}`],
          advice: 'Deactivate it; if a service still needs it, give the service a key owned by a current member.',
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
