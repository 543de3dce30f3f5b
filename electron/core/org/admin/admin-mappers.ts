import type {
  BetaAPIKey,
  BetaOrganizationInvite,
  BetaOrganizationUser,
  BetaSpendLimit,
  BetaSpendSummary,
  BetaWorkspace,
  BetaWorkspaceMember,
} from '@anthropic-ai/sdk/resources/beta/organization/index'
import { maskApiHint } from '../../../../shared/key-hints'
import type { BetaWorkspaceRateLimit } from '@anthropic-ai/sdk/resources/beta/organization/workspaces/rate-limits'
import type { AdminApiKey, AdminInvite, AdminMember, AdminRateLimit, AdminSpendLimit, AdminSpendSummary, AdminUser, AdminWorkspace, SpendScope } from '../../../../shared/contract/admin.contract'

/** Maps an SDK user to the contract's shape. */
export const toUser = (u: BetaOrganizationUser): AdminUser => ({ id: u.id, email: u.email, name: u.name, role: u.role, addedAt: u.added_at })

/** Maps an SDK invite. */
export const toInvite = (i: BetaOrganizationInvite): AdminInvite => ({
  id: i.id,
  email: i.email,
  role: i.role,
  status: i.status,
  invitedAt: i.invited_at,
  expiresAt: i.expires_at,
})

/** Maps an SDK workspace. */
export const toWorkspace = (w: BetaWorkspace): AdminWorkspace => ({
  id: w.id,
  name: w.name,
  createdAt: w.created_at,
  archivedAt: w.archived_at,
  displayColor: w.display_color,
})

/** Maps an SDK workspace member. */
export const toMember = (m: BetaWorkspaceMember): AdminMember => ({ userId: m.user_id, workspaceId: m.workspace_id, role: m.workspace_role })

/** Maps an SDK API key; the workspace comes from its scope (organization-scoped keys have none). */
export const toApiKey = (k: BetaAPIKey): AdminApiKey => ({
  id: k.id,
  name: k.name,
  status: k.status,
  partialKeyHint: maskApiHint(k.partial_key_hint),
  workspaceId: k.scope?.type === 'workspace' ? k.scope.workspace_id : null,
  createdAt: k.created_at,
  createdBy: k.created_by ? { id: k.created_by.id, type: k.created_by.type } : null,
  expiresAt: k.expires_at,
})

/** Describes any spend-limit scope in a few words, keeping the ids the UI links on. */
export function toSpendScope(scope: BetaSpendLimit['scope']): SpendScope {
  switch (scope.type) {
    case 'organization':
      return { type: 'organization', label: 'Org' }
    case 'workspace':
      return { type: 'workspace', workspaceId: scope.workspace_id, label: `Workspace ${scope.workspace_id}` }
    case 'user':
      return { type: 'user', userId: scope.user_id, label: `User ${scope.user_id}` }
    case 'organization_service':
      return { type: scope.type, label: `Service ${scope.service}` }
    case 'rbac_group':
      return { type: scope.type, label: `Group ${scope.rbac_group_id}` }
    case 'seat_tier':
      return { type: scope.type, label: `Seat tier ${scope.seat_tier}` }
    default:
      return { type: scope.type, label: scope.type.replace(/_/g, ' ') }
  }
}

/** Maps an SDK spend limit. */
export const toSpendLimit = (l: BetaSpendLimit): AdminSpendLimit => ({
  id: l.id,
  amount: l.amount,
  currency: l.currency,
  period: l.period,
  enabled: l.is_enabled,
  scope: toSpendScope(l.scope),
  updatedAt: l.updated_at,
})

/** Maps an SDK effective spend summary; the actor becomes a name or email (or the scoped key's id). */
export const toSpendSummary = (s: BetaSpendSummary): AdminSpendSummary => ({
  spendLimitId: s.spend_limit_id,
  actor: s.actor.type === 'user_actor' ? (s.actor.name ?? s.actor.email_address ?? s.actor.user_id) : s.actor.scoped_api_key_id,
  amount: s.amount,
  currency: s.currency,
  period: s.period,
  periodToDateSpend: s.period_to_date_spend,
  scope: toSpendScope(s.scope),
})

/** Maps an SDK workspace rate limit; the group is named by its type (and id where it has one). */
export const toRateLimit = (r: BetaWorkspaceRateLimit): AdminRateLimit => {
  const group = r.group as { type: string; id?: string; display_name?: string }
  return {
    id: r.rate_limit_id,
    group: group.display_name ?? group.id ?? group.type,
    models: r.models,
    limits: r.limits.map((l) => ({ type: l.type, value: l.value, orgLimit: l.org_limit, source: l.source.type })),
  }
}
