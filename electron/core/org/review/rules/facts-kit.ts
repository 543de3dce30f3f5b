/** Test-only: small org facts to run a rule over, with every list empty unless given. */
import type { AdminApiKey, AdminInvite, AdminUser, AdminWorkspace } from '../../../../../shared/contract/admin.contract'
import type { OrgFacts } from '../org-facts'
import type { ReviewSettings } from '../review-settings'

export const NOW = new Date('2026-11-20T12:00:00Z')
export const daysAgo = (n: number): string => new Date(NOW.getTime() - n * 86_400_000).toISOString()
export const SETTINGS: ReviewSettings = { unusedDays: 30, maxAdmins: 3, suggestedLimitCents: '100000', rotationAgeDays: 90 }

export const user = (id: string, role = 'developer'): AdminUser => ({ id, email: `${id}@example.com`, name: `Person ${id}`, role, addedAt: daysAgo(400) })
export const key = (id: string, over: Partial<AdminApiKey> = {}): AdminApiKey => ({
  id,
  name: `key-${id}`,
  status: 'active',
  partialKeyHint: null,
  workspaceId: 'ws_prod',
  createdAt: daysAgo(10),
  createdBy: { id: 'u1', type: 'user' },
  expiresAt: daysAgo(-30),
  ...over,
})
export const workspace = (id: string, name: string, over: Partial<AdminWorkspace> = {}): AdminWorkspace => ({ id, name, createdAt: daysAgo(300), archivedAt: null, displayColor: '#000', ...over })
export const invite = (id: string, over: Partial<AdminInvite> = {}): AdminInvite => ({
  id,
  email: `${id}@example.com`,
  role: 'developer',
  status: 'pending',
  invitedAt: daysAgo(30),
  expiresAt: daysAgo(9),
  ...over,
})

export function facts(over: Partial<OrgFacts> = {}): OrgFacts {
  return {
    orgId: 'org_1',
    orgName: 'Acme',
    users: [user('u1')],
    invites: [],
    workspaces: [workspace('ws_default', 'Default'), workspace('ws_prod', 'Production')],
    defaultWorkspaceId: 'ws_default',
    apiKeys: [],
    lastUsed: { orgId: 'org_1', lastSyncedAt: NOW.toISOString(), coveredFrom: daysAgo(90), keys: {} },
    spendLimits: [],
    budgetScopes: [],
    profileOfKey: new Map(),
    ...over,
  }
}
