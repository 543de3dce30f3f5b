import { type ReviewRule, findingId } from '../review-rule'
import { inDefaultWorkspace } from '../org-facts'
import { listEvidence } from './list-evidence'

/**
 * Active keys in the Default workspace → move/review: one finding for them all. The Admin API cannot
 * move a key, so the fix is a person's: a replacement key in a named workspace, then rotate.
 */
export const defaultWorkspaceKeyRule: ReviewRule = {
  id: 'default-workspace',
  severity: 'low',
  check(facts) {
    const keys = facts.apiKeys.filter((k) => k.status === 'active' && inDefaultWorkspace(facts, k))
    if (keys.length === 0) return []
    return [
      {
        id: findingId('default-workspace', facts.defaultWorkspaceId ?? 'default'),
        title: `${keys.length} active ${keys.length === 1 ? 'key is' : 'keys are'} in the Default workspace`,
        evidence: listEvidence(keys.map((k) => k.name)),
        advice: 'Keys in the Default workspace escape workspace limits and roles. Replace each with a key in a named workspace (Claude Console), then deactivate it; or accept this with a reason.',
        fix: null,
      },
    ]
  },
}
