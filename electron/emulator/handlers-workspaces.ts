/** Routes for workspaces, their members and their rate limits. */
import { badRequest, EmulatorError, notFound } from './errors'
import { mintId, setKeyStatus } from './org-actions'
import { newestFirst, type OrgState } from './org-state'
import { pageByCursor, pageById, parseLimit } from './pagination'
import { arrayParam } from './report-query'
import { bodyObject, boolParam, enumField, idPageQuery, stringField } from './request-helpers'
import { route, type Route } from './route-table'
import { isoOf } from './time'
import type { BetaWorkspace, BetaWorkspaceMember, BetaWorkspaceRateLimit, BetaWorkspaceRole } from './wire-types'

const ALL_ROLES: readonly BetaWorkspaceRole[] = ['workspace_admin', 'workspace_billing', 'workspace_developer', 'workspace_restricted_developer', 'workspace_user']
const ADDABLE_ROLES = ALL_ROLES.filter((r) => r !== 'workspace_billing')
const COLOR = /^#[0-9a-fA-F]{6}$/

function findWorkspace(state: OrgState, id: string): BetaWorkspace {
  const ws = state.workspaces.find((w) => w.id === id)
  if (!ws) throw notFound('Workspace', id)
  return ws
}

function activeWorkspace(state: OrgState, id: string): BetaWorkspace {
  const ws = findWorkspace(state, id)
  if (ws.archived_at !== null) throw badRequest('This workspace is archived and cannot be changed.')
  return ws
}

function roster(state: OrgState, workspaceId: string): Map<string, BetaWorkspaceRole> {
  let r = state.members.get(workspaceId)
  if (!r) {
    r = new Map()
    state.members.set(workspaceId, r)
  }
  return r
}

const member = (workspaceId: string, userId: string, role: BetaWorkspaceRole): BetaWorkspaceMember => ({
  type: 'workspace_member',
  user_id: userId,
  workspace_id: workspaceId,
  workspace_role: role,
})

function memberRole(state: OrgState, workspaceId: string, userId: string): BetaWorkspaceRole {
  findWorkspace(state, workspaceId)
  const role = state.members.get(workspaceId)?.get(userId)
  if (role === undefined) throw notFound('Workspace member', userId)
  return role
}

function applyNameAndColor(ws: BetaWorkspace, body: Record<string, unknown>, requireName: boolean): void {
  const name = requireName ? stringField(body, 'name', { required: true, max: 40 }) : stringField(body, 'name', { required: false, max: 40 })
  if (name !== undefined) {
    if (name.trim() === '') throw badRequest('name: String should have at least 1 character')
    ws.name = name
  }
  const color = stringField(body, 'display_color', { required: false, max: 7 })
  if (color !== undefined) {
    if (!COLOR.test(color)) throw badRequest('display_color: must be a hex colour like #6C5BB9')
    ws.display_color = color
  }
  const tags = body.tags
  if (tags !== undefined && tags !== null) {
    if (typeof tags !== 'object' || Array.isArray(tags)) throw badRequest('tags: Input should be a valid dictionary')
    const next = { ...ws.tags }
    for (const [k, v] of Object.entries(tags as Record<string, unknown>)) {
      if (v === null) delete next[k]
      else if (typeof v === 'string') next[k] = v
      else throw badRequest(`tags.${k}: Input should be a valid string`)
    }
    ws.tags = next
  }
}

/** The rate limits one workspace sees, per the `include_inherited` rule: overrides only, or every org group. */
function workspaceRateLimits(state: OrgState, workspaceId: string, includeInherited: boolean, groupType: string | null): BetaWorkspaceRateLimit[] {
  const overrides = state.workspaceRateLimits.get(workspaceId)
  if (groupType !== null && groupType !== 'model_group') return []
  return state.orgRateLimits.flatMap((g) => {
    const own = overrides?.get(g.id)
    if (!own && !includeInherited) return []
    const limits = g.limits
      .filter((l) => includeInherited || own?.has(l.type))
      .map((l) => {
        const value = own?.get(l.type)
        return value === undefined
          ? { org_limit: l.value, source: { type: 'organization' as const }, type: l.type, value: l.value }
          : { org_limit: l.value, source: { type: 'workspace' as const }, type: l.type, value }
      })
    return [
      {
        group: { id: g.id, display_name: g.displayName, type: 'model_group' as const },
        limits,
        models: [...g.models],
        rate_limit_id: `${g.id}__${workspaceId}`,
        type: 'workspace_rate_limit' as const,
        workspace_id: workspaceId,
      },
    ]
  })
}

/** Workspaces (create, list, retrieve, update, archive), members (add, list, retrieve, update, remove), rate limits (list). */
export const workspaceRoutes: Route[] = [
  route('POST', '/v1/organizations/workspaces', (req) => {
    const { state } = req.ctx
    const body = bodyObject(req)
    const nowMs = req.ctx.now().getTime()
    const ws: BetaWorkspace = {
      id: mintId(state, 'wrkspc'),
      archived_at: null,
      compartment_id: mintId(state, 'cmpt'),
      created_at: isoOf(Math.floor(nowMs / 1000) * 1000),
      data_residency: { allowed_inference_geos: 'unrestricted', default_inference_geo: 'global', workspace_geo: 'us' },
      display_color: '#6C5BB9',
      external_key_id: null,
      name: '',
      tags: {},
      type: 'workspace',
      user_profile_id: null,
    }
    applyNameAndColor(ws, body, true)
    state.workspaces.push(ws)
    state.members.set(ws.id, new Map())
    return ws
  }),
  route('GET', '/v1/organizations/workspaces', ({ ctx, query }) => {
    const includeArchived = boolParam(query, 'include_archived', false)
    const includeDefault = boolParam(query, 'include_default', false)
    const ids = arrayParam(query, 'ids')
    const list = newestFirst(ctx.state.workspaces).filter(
      (w) => (includeArchived || w.archived_at === null) && (includeDefault || w.id !== ctx.state.defaultWorkspaceId) && (ids.length === 0 || ids.includes(w.id)),
    )
    return pageById(list, (w) => w.id, idPageQuery(query))
  }),
  route('GET', '/v1/organizations/workspaces/:workspace_id', ({ ctx, params }) => findWorkspace(ctx.state, params.workspace_id ?? '')),
  route('POST', '/v1/organizations/workspaces/:workspace_id', (req) => {
    const ws = activeWorkspace(req.ctx.state, req.params.workspace_id ?? '')
    applyNameAndColor(ws, bodyObject(req), false)
    return ws
  }),
  route('POST', '/v1/organizations/workspaces/:workspace_id/archive', ({ ctx, params }) => {
    const { state } = ctx
    const ws = findWorkspace(state, params.workspace_id ?? '')
    if (ws.id === state.defaultWorkspaceId) throw badRequest('The default workspace cannot be archived.')
    if (ws.archived_at !== null) throw badRequest('This workspace is already archived.')
    const nowMs = ctx.now().getTime()
    ws.archived_at = isoOf(Math.floor(nowMs / 1000) * 1000)
    for (const key of state.apiKeys) {
      if (key.workspaceId === ws.id && key.wire.status !== 'archived') {
        if (key.wire.status === 'expired') key.wire.status = 'archived'
        else setKeyStatus(state, key, 'archived', nowMs)
      }
    }
    state.version++
    return ws
  }),

  route('GET', '/v1/organizations/workspaces/:workspace_id/members', ({ ctx, params, query }) => {
    const wsId = params.workspace_id ?? ''
    findWorkspace(ctx.state, wsId)
    const members = [...(ctx.state.members.get(wsId) ?? new Map<string, BetaWorkspaceRole>())].map(([userId, role]) => member(wsId, userId, role))
    return pageById(members, (m) => m.user_id, idPageQuery(query))
  }),
  route('POST', '/v1/organizations/workspaces/:workspace_id/members', (req) => {
    const { state } = req.ctx
    const wsId = req.params.workspace_id ?? ''
    activeWorkspace(state, wsId)
    const body = bodyObject(req)
    const userId = stringField(body, 'user_id', { required: true, max: 200 })
    const role = enumField(body, 'workspace_role', ADDABLE_ROLES, true) ?? 'workspace_user'
    if (!state.users.some((u) => u.id === userId)) throw notFound('User', userId)
    const r = roster(state, wsId)
    if (r.has(userId)) throw new EmulatorError('conflict_error', 'This user is already a member of the workspace.')
    r.set(userId, role)
    return member(wsId, userId, role)
  }),
  route('GET', '/v1/organizations/workspaces/:workspace_id/members/:user_id', ({ ctx, params }) => {
    const wsId = params.workspace_id ?? ''
    const userId = params.user_id ?? ''
    return member(wsId, userId, memberRole(ctx.state, wsId, userId))
  }),
  route('POST', '/v1/organizations/workspaces/:workspace_id/members/:user_id', (req) => {
    const wsId = req.params.workspace_id ?? ''
    const userId = req.params.user_id ?? ''
    memberRole(req.ctx.state, wsId, userId)
    activeWorkspace(req.ctx.state, wsId)
    const role = enumField(bodyObject(req), 'workspace_role', ALL_ROLES, true) ?? 'workspace_user'
    roster(req.ctx.state, wsId).set(userId, role)
    return member(wsId, userId, role)
  }),
  route('DELETE', '/v1/organizations/workspaces/:workspace_id/members/:user_id', ({ ctx, params }) => {
    const wsId = params.workspace_id ?? ''
    const userId = params.user_id ?? ''
    memberRole(ctx.state, wsId, userId)
    roster(ctx.state, wsId).delete(userId)
    return { type: 'workspace_member_deleted', user_id: userId, workspace_id: wsId }
  }),

  route('GET', '/v1/organizations/workspaces/:workspace_id/rate_limits', ({ ctx, params, query }) => {
    const wsId = params.workspace_id ?? ''
    findWorkspace(ctx.state, wsId)
    const groupType = query.get('group_type')
    const allowed = ['batch', 'files', 'model_group', 'skills', 'token_count', 'web_search']
    if (groupType !== null && !allowed.includes(groupType)) throw badRequest(`group_type: Input should be ${allowed.map((a) => `'${a}'`).join(', ')}`)
    const items = workspaceRateLimits(ctx.state, wsId, boolParam(query, 'include_inherited', false), groupType)
    const rawLimit = query.get('limit')
    return pageByCursor(items, { limit: rawLimit === null ? null : parseLimit(rawLimit), page: query.get('page'), signature: `rl|${wsId}|${groupType}|${query.get('include_inherited')}` })
  }),
]
