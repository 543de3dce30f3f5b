/** Routes for spend limits (list, effective, retrieve, set, delete), with the org's "Admin API writes not enabled" switch. */
import { badRequest, EmulatorError, notFound } from './errors'
import { effectiveSpendRows, parseEffectiveFilter } from './effective-spend'
import { mintId } from './org-actions'
import { newestFirst, type OrgState } from './org-state'
import { pageByCursor, parseLimit } from './pagination'
import { arrayParam } from './report-query'
import { bodyObject, enumField, requireBeta } from './request-helpers'
import { route, type Route } from './route-table'
import { isoOf } from './time'
import type { BetaSpendLimit } from './wire-types'

/** The beta flag the SDK sends with `spendLimits.list`. */
export const SPEND_LIMIT_READS_BETA = 'spend-limit-reads-2026-09-26'

/** The error the SDK maps to `BetaSpendLimitsAdminAPIWritesNotEnabledError` (403 + details.error_code). */
export const writesNotEnabled = (): EmulatorError =>
  new EmulatorError('permission_error', 'This organization has not enabled retrieving, setting or deleting spend limits with an Admin API key.', {
    error_code: 'spend_limits_admin_api_writes_not_enabled',
  })

const SCOPE_TYPES = ['organization', 'organization_service', 'rbac_group', 'seat_tier', 'usage_tier', 'user', 'workspace'] as const
const PERIODS = ['daily', 'monthly', 'weekly'] as const

function requireWrites(state: OrgState): void {
  if (!state.spendLimitWritesEnabled) throw writesNotEnabled()
}

function findLimit(state: OrgState, id: string): BetaSpendLimit {
  const limit = state.spendLimits.find((l) => l.id === id)
  if (!limit) throw notFound('Spend limit', id)
  return limit
}

const scopeWorkspace = (l: BetaSpendLimit): string | null => (l.scope.type === 'workspace' ? l.scope.workspace_id : null)

/** `GET /spend_limits`, `GET /spend_limits/effective`, `GET|DELETE /spend_limits/:id`, `POST /spend_limits`. */
export const spendLimitRoutes: Route[] = [
  route('GET', '/v1/organizations/spend_limits', (req) => {
    requireBeta(req, SPEND_LIMIT_READS_BETA)
    const { query, ctx } = req
    const scopeTypes = arrayParam(query, 'scope_type')
    for (const t of scopeTypes) if (!SCOPE_TYPES.includes(t as (typeof SCOPE_TYPES)[number])) throw badRequest(`scope_type[]: unknown scope type ${JSON.stringify(t.slice(0, 40))}`)
    for (const t of scopeTypes) if (!['organization', 'workspace', 'usage_tier'].includes(t)) throw badRequest(`scope_type[]: ${t} does not apply to a Claude Console organization.`)
    const workspaceId = query.get('workspace_id')
    const items = newestFirst(ctx.state.spendLimits).filter((l) => (scopeTypes.length === 0 || scopeTypes.includes(l.scope.type)) && (!workspaceId || scopeWorkspace(l) === workspaceId))
    return pageByCursor(items, { limit: parseLimit(query.get('limit')), page: query.get('page'), signature: `spl|${scopeTypes.join(',')}|${workspaceId}` })
  }),
  route('GET', '/v1/organizations/spend_limits/effective', ({ ctx, query }) => {
    const filter = parseEffectiveFilter(arrayParam(query, 'period'), arrayParam(query, 'user_ids'))
    const rows = effectiveSpendRows(ctx, filter)
    return pageByCursor(rows, { limit: parseLimit(query.get('limit')), page: query.get('page'), signature: `eff|${filter.periods.join(',')}|${filter.userIds.join(',')}` })
  }),
  route('GET', '/v1/organizations/spend_limits/:spend_limit_id', ({ ctx, params }) => {
    requireWrites(ctx.state)
    return findLimit(ctx.state, params.spend_limit_id ?? '')
  }),
  route('DELETE', '/v1/organizations/spend_limits/:spend_limit_id', ({ ctx, params }) => {
    requireWrites(ctx.state)
    const limit = findLimit(ctx.state, params.spend_limit_id ?? '')
    if (limit.scope.type === 'usage_tier') throw badRequest('The usage_tier spend limit is read-only and cannot be deleted.')
    ctx.state.spendLimits.splice(ctx.state.spendLimits.indexOf(limit), 1)
    return { id: limit.id, type: 'spend_limit_deleted' }
  }),
  route('POST', '/v1/organizations/spend_limits', (req) => {
    const { state } = req.ctx
    requireWrites(state)
    const body = bodyObject(req)
    const amount = body.amount
    if (amount === undefined) throw badRequest('amount: Field required')
    if (amount === null) throw badRequest("amount: a Claude Console organization's limits always carry an amount.")
    if (typeof amount !== 'string' || !/^\d{1,15}$/.test(amount)) throw badRequest('amount: must be a non-negative integer decimal string of cents, e.g. "50000".')
    const period = enumField(body, 'period', PERIODS, false) ?? 'monthly'
    if (period !== 'monthly') throw badRequest('period: organization and workspace limits are monthly.')
    const scope = body.scope
    if (typeof scope !== 'object' || scope === null) throw badRequest('scope: Field required')
    const s = scope as { type?: unknown; workspace_id?: unknown }
    let normalised: BetaSpendLimit['scope']
    if (s.type === 'organization') normalised = { type: 'organization' }
    else if (s.type === 'workspace') {
      if (typeof s.workspace_id !== 'string' || !state.workspaces.some((w) => w.id === s.workspace_id)) throw badRequest('scope.workspace_id: unknown workspace.')
      normalised = { type: 'workspace', workspace_id: s.workspace_id }
    } else throw badRequest('scope: a Claude Console organization sets organization and workspace limits only.')
    const nowIso = isoOf(Math.floor(req.ctx.now().getTime() / 1000) * 1000)
    const existing = state.spendLimits.find((l) => l.period === period && l.scope.type === normalised.type && scopeWorkspace(l) === (normalised.type === 'workspace' ? normalised.workspace_id : null))
    if (existing) {
      existing.amount = amount
      existing.updated_at = nowIso
      return existing
    }
    const created: BetaSpendLimit = { id: mintId(state, 'spl'), amount, created_at: nowIso, updated_at: nowIso, currency: 'USD', is_enabled: true, period, scope: normalised, type: 'spend_limit' }
    state.spendLimits.push(created)
    return created
  }),
]
