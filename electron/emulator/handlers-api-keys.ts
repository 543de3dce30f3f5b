/** Routes for org API keys: list (filters), retrieve, update name/status. */
import { badRequest, notFound } from './errors'
import { setKeyStatus } from './org-actions'
import { newestFirst, type ApiKeyRecord, type OrgState } from './org-state'
import { pageById } from './pagination'
import { bodyObject, enumField, idPageQuery, stringField } from './request-helpers'
import { route, type Route } from './route-table'

const STATUSES = ['active', 'archived', 'expired', 'inactive'] as const

function findKey(state: OrgState, id: string): ApiKeyRecord {
  const key = state.apiKeys.find((k) => k.wire.id === id)
  if (!key) throw notFound('API key', id)
  return key
}

/** `GET /api_keys` (workspace_id, status, created_by_user_id), `GET /api_keys/:id`, `POST /api_keys/:id`. */
export const apiKeyRoutes: Route[] = [
  route('GET', '/v1/organizations/api_keys', ({ ctx, query }) => {
    const workspaceId = query.get('workspace_id')
    const status = query.get('status')
    const createdBy = query.get('created_by_user_id')
    if (status && !STATUSES.includes(status as (typeof STATUSES)[number])) throw badRequest(`status: Input should be ${STATUSES.map((s) => `'${s}'`).join(', ')}`)
    const keys = newestFirst(ctx.state.apiKeys)
      .filter((k) => (!workspaceId || k.workspaceId === workspaceId) && (!status || k.wire.status === status) && (!createdBy || k.wire.created_by?.id === createdBy))
      .map((k) => k.wire)
    return pageById(keys, (k) => k.id, idPageQuery(query))
  }),
  route('GET', '/v1/organizations/api_keys/:api_key_id', ({ ctx, params }) => findKey(ctx.state, params.api_key_id ?? '').wire),
  route('POST', '/v1/organizations/api_keys/:api_key_id', (req) => {
    const { state } = req.ctx
    const key = findKey(state, req.params.api_key_id ?? '')
    const body = bodyObject(req)
    const name = stringField(body, 'name', { required: false, max: 500 })
    const status = enumField(body, 'status', ['active', 'archived', 'inactive'] as const, false)
    if (name !== undefined && name.trim() === '') throw badRequest('name: String should have at least 1 character')
    if (status !== undefined) {
      const problem = setKeyStatus(state, key, status, req.ctx.now().getTime())
      if (problem) throw badRequest(problem)
    }
    if (name !== undefined) key.wire.name = name
    return key.wire
  }),
]
