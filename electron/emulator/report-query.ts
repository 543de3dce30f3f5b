/**
 * Parses and validates the query of `GET /v1/organizations/analytics/{usage,cost}` the way the
 * API documents it: RFC 3339 range floored to whole hours, at most 31 days, `ending_at`
 * required with `time_bucket_width`, `group_by[]`, filters, `order`/`order_by`, `limit`, `page`.
 */
import { badRequest } from './errors'
import { MODELS } from './models'
import { parseLimit } from './pagination'
import { HOUR_MS, hourOf } from './time'

/** Which report. */
export type ReportKind = 'usage' | 'cost'
/** Dimensions the emulator can break usage out by. */
export type GroupDimension = 'api_key_id' | 'model' | 'workspace_id' | 'actor' | 'product'

/** A validated report query. Hours are counted since the epoch; `toHour` is exclusive. */
export interface ReportQuery {
  kind: ReportKind
  fromHour: number
  toHour: number
  bucketHours: 1 | 24 | null
  groupBy: GroupDimension[]
  /** Key ids to include; '' (an empty `api_key_ids[]=` entry) also matches usage no key authenticated. */
  apiKeyIds: Set<string> | null
  models: Set<string> | null
  workspaceIds: Set<string> | null
  /** `exclude_deleted_users`: drop rows whose actor is a deleted user (requires `group_by[]=actor`). */
  excludeDeletedUsers: boolean
  orderBy: string
  order: 'asc' | 'desc'
  limit: number
  page: string | null
  /** Everything above except `limit` and `page`, as a stable string that page tokens are bound to. */
  signature: string
  /** What the rows aggregate (range, buckets, groups, filters), without the report kind and order: usage and cost share rows. */
  dataSignature: string
}

const MAX_RANGE_HOURS = 31 * 24
/** With `1m` buckets the range may span at most 24 hours. */
const MAX_MINUTE_RANGE_HOURS = 24
/** The reports hold nothing before this instant. */
const EARLIEST_START_MS = Date.parse('2026-01-01T00:00:00Z')
const SUPPORTED_GROUPS: readonly GroupDimension[] = ['api_key_id', 'model', 'workspace_id', 'actor', 'product']
const KNOWN_BUT_UNSUPPORTED = [
  'actor_ids',
  'actor_types',
  'agent_ids',
  'claude_tag_categories',
  'claude_tag_user_ids',
  'context_windows',
  'deployment_ids',
  'environment_ids',
  'inference_geos',
  'organization_ids',
  'products',
  'rbac_group_ids',
  'service_tiers',
  'session_ids',
  'slack_channel_ids',
  'speeds',
  'user_profile_ids',
]
const ORDER_BY: Record<ReportKind, readonly string[]> = {
  usage: ['total_tokens', 'output_tokens', 'requests', 'uncached_input_tokens', 'time'],
  cost: ['amount', 'list_amount', 'time'],
}

/** Reads an array parameter the way the SDK sends it (`name[]=a&name[]=b`), also accepting `name=a`. */
export function arrayParam(params: URLSearchParams, name: string): string[] {
  return [...params.getAll(`${name}[]`), ...params.getAll(name)]
}

function parseInstant(raw: string | null, name: string): number {
  if (raw === null || raw === '') throw badRequest(`${name}: required.`)
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(raw) ? Date.parse(raw) : Number.NaN
  if (Number.isNaN(ms)) throw badRequest(`${name}: must be an RFC 3339 timestamp with a time zone, e.g. 2026-09-01T00:00:00Z.`)
  return ms
}

/** Validates a report query; every problem is a 400 invalid_request_error naming the parameter. */
export function parseReportQuery(kind: ReportKind, params: URLSearchParams, nowMs: number): ReportQuery {
  for (const name of KNOWN_BUT_UNSUPPORTED) {
    if (arrayParam(params, name).length > 0) throw badRequest(`${name}: this filter is not supported by the Keyward Admin API emulator.`)
  }
  const startMs = parseInstant(params.get('starting_at'), 'starting_at')
  if (startMs < EARLIEST_START_MS) throw badRequest('starting_at: must be no earlier than 2026-01-01T00:00:00Z.')
  if (startMs < nowMs - 365 * 24 * HOUR_MS) throw badRequest('starting_at: must be within the last 365 days.')
  const width = params.get('time_bucket_width')
  if (width !== null && width !== '1m' && width !== '1h' && width !== '1d') throw badRequest('time_bucket_width: must be one of 1m, 1h, 1d.')
  const endRaw = params.get('ending_at')
  if (width !== null && (endRaw === null || endRaw === '')) throw badRequest('ending_at: required when time_bucket_width is set.')
  const endMs = endRaw ? parseInstant(endRaw, 'ending_at') : Math.min(nowMs, startMs + MAX_RANGE_HOURS * HOUR_MS)
  const fromHour = hourOf(startMs)
  const toHour = hourOf(endMs)
  if (endMs - startMs > MAX_RANGE_HOURS * HOUR_MS) throw badRequest('The range from starting_at to ending_at may span at most 31 days.')
  if (width === '1m' && endMs - startMs > MAX_MINUTE_RANGE_HOURS * HOUR_MS) throw badRequest('With time_bucket_width=1m the range from starting_at to ending_at may span at most 24 hours.')
  if (width === '1m') throw badRequest('time_bucket_width: 1m is not supported by the Keyward Admin API emulator (its usage is hourly); use 1h.')
  if (toHour <= fromHour) throw badRequest('ending_at: must be at least one whole hour after starting_at.')

  const groupBy = arrayParam(params, 'group_by')
  if (groupBy.length > 5) throw badRequest('group_by[]: at most 5 dimensions.')
  for (const g of groupBy) {
    if (!SUPPORTED_GROUPS.includes(g as GroupDimension)) {
      throw badRequest(`group_by[]: ${JSON.stringify(g.slice(0, 40))} is not supported by the Keyward Admin API emulator (supported: ${SUPPORTED_GROUPS.join(', ')}).`)
    }
  }
  const dims = [...new Set(groupBy as GroupDimension[])]

  const set = (name: string): Set<string> | null => {
    const values = arrayParam(params, name).filter((v) => v !== '')
    return values.length > 0 ? new Set(values) : null
  }
  const keyValues = arrayParam(params, 'api_key_ids')
  const apiKeyIds = keyValues.length > 0 ? new Set(keyValues) : null
  const exclude = params.get('exclude_deleted_users')
  if (exclude !== null && exclude !== 'true' && exclude !== 'false') throw badRequest('exclude_deleted_users: must be true or false.')
  const excludeDeletedUsers = exclude === 'true'
  if (excludeDeletedUsers && !dims.includes('actor')) throw badRequest('exclude_deleted_users: requires group_by[]=actor.')
  const models = set('models')
  for (const m of models ?? []) {
    if (!MODELS.some((model) => model.id === m)) throw badRequest(`models[]: unknown model ${JSON.stringify(m.slice(0, 60))}.`)
  }

  const orderBy = params.get('order_by') ?? (kind === 'usage' ? 'total_tokens' : 'amount')
  if (!ORDER_BY[kind].includes(orderBy)) throw badRequest(`order_by: must be one of ${ORDER_BY[kind].join(', ')}.`)
  const order = params.get('order') ?? 'desc'
  if (order !== 'asc' && order !== 'desc') throw badRequest('order: must be asc or desc.')

  const query = {
    kind,
    fromHour,
    toHour,
    bucketHours: width === '1h' ? 1 : width === '1d' ? 24 : null,
    groupBy: dims,
    apiKeyIds,
    models,
    workspaceIds: set('workspace_ids'),
    excludeDeletedUsers,
    orderBy,
    order,
  } as const
  const data = [fromHour, toHour, query.bucketHours, [...dims].sort(), [...(query.apiKeyIds ?? [])].sort(), [...(models ?? [])].sort(), [...(query.workspaceIds ?? [])].sort(), excludeDeletedUsers]
  const signature = JSON.stringify([kind, ...data, orderBy, order])
  return { ...query, limit: parseLimit(params.get('limit')), page: params.get('page'), signature, dataSignature: JSON.stringify(data) }
}
