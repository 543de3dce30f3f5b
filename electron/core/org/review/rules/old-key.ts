import { type ReviewRule, dayCount, dayOf, daysSince, findingId } from '../review-rule'
import { workspaceLabel } from '../org-facts'

/**
 * Active keys older than the rotation age (Rotation's `ageDays`) → rotate. A key a local profile
 * holds gets the rotation flow; any other key is replaced by its owner (the Admin API cannot create keys).
 */
export const oldKeyRule: ReviewRule = {
  id: 'old-key',
  severity: 'medium',
  check(facts, settings, now) {
    return facts.apiKeys.flatMap((key) => {
      if (key.status !== 'active') return []
      const age = daysSince(key.createdAt, now)
      if (age < settings.rotationAgeDays) return []
      const profile = facts.profileOfKey.get(key.id)
      return [
        {
          id: findingId('old-key', key.id),
          title: `Key ${key.name} is ${dayCount(age)} old`,
          evidence: [
            `Created ${dayOf(key.createdAt)} in the ${workspaceLabel(facts, key.workspaceId)}`,
            `Rotation age: ${settings.rotationAgeDays} days`,
            profile ? `Held by the profile ${profile}` : 'No Keyward profile holds it',
          ],
          advice: profile
            ? `Rotate the profile ${profile}: put in a new key, and the old one is deactivated once unused.`
            : 'Ask its owner to create a new key in the Claude Console, switch to it, then deactivate this one.',
          fix: profile ? { kind: 'rotate-key', label: 'Rotate', description: `Open the rotation of the profile ${profile}.`, targetId: key.id, profile } : null,
        },
      ]
    })
  },
}
