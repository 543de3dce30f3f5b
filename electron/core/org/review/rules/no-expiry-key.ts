import { type ReviewRule, findingId } from '../review-rule'
import { workspaceLabel } from '../org-facts'
import { listEvidence } from './list-evidence'

/** Active keys that never expire → review: one finding per workspace (the Admin API cannot set an expiry). */
export const noExpiryKeyRule: ReviewRule = {
  id: 'no-expiry',
  severity: 'low',
  check(facts) {
    const byWorkspace = new Map<string, string[]>()
    for (const k of facts.apiKeys) {
      if (k.status !== 'active' || k.expiresAt !== null) continue
      const ws = k.workspaceId ?? facts.defaultWorkspaceId ?? 'default'
      byWorkspace.set(ws, [...(byWorkspace.get(ws) ?? []), k.name])
    }
    return [...byWorkspace].map(([ws, names]) => ({
      id: findingId('no-expiry', ws),
      title: `${names.length} active ${names.length === 1 ? 'key' : 'keys'} in the ${workspaceLabel(facts, ws)} never ${names.length === 1 ? 'expires' : 'expire'}`,
      evidence: listEvidence(names),
      advice: 'A key without an expiry works until someone remembers it. When you next replace these keys, create them with an expiry (Claude Console); or accept this with a reason.',
      fix: null,
    }))
  },
}
