import type { AdminRateLimit, AdminSpendLimit, AdminSpendSummary, SpendScopeInput } from '../../../shared/contract'
import { client } from '../transport/client'
import { change, createPagedStore } from './paged-store'

/** Server-side spend limits, page by page. */
export const useSpendLimitsStore = createPagedStore<AdminSpendLimit, { orgId: string }>((q, cursor) => client.call('admin.listSpendLimits', { orgId: q.orgId, cursor, limit: 50 }))

/** Effective limits per member, page by page. */
export const useEffectiveLimitsStore = createPagedStore<AdminSpendSummary, { orgId: string }>((q, cursor) => client.call('admin.listEffectiveSpendLimits', { orgId: q.orgId, cursor, limit: 50 }))

/** One workspace's rate limits, page by page. */
export const useRateLimitsStore = createPagedStore<AdminRateLimit, { orgId: string; workspaceId: string }>((q, cursor) =>
  client.call('admin.listRateLimits', { orgId: q.orgId, workspaceId: q.workspaceId, cursor, limit: 50 }),
)

const reloadLimits = () => Promise.all([useSpendLimitsStore.getState().reload(), useEffectiveLimitsStore.getState().reload()]).then(() => {})

/** Spend-limit changes; each returns the error to show in place, or null. */
export const limitActions = {
  set: (orgId: string, scope: SpendScopeInput, period: 'daily' | 'weekly' | 'monthly', amount: string | null) =>
    change(client.call('admin.setSpendLimit', { orgId, scope, period, amount }), reloadLimits),
  remove: (orgId: string, spendLimitId: string) => change(client.call('admin.deleteSpendLimit', { orgId, spendLimitId }), reloadLimits),
}
