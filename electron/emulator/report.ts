/**
 * Builds the usage and cost reports: one row per (time bucket, group) with usage, summed from
 * the usage generator, sorted as `order_by`/`order` ask, paged with `next_page`/`has_more`.
 * Computed rows are kept in a small LRU so that paging through a large report does not
 * recompute it for every page.
 */
import { EmulatorError } from './errors'
import { formatMicroCents } from './money'
import { MODELS } from './models'
import type { ApiKeyRecord, OrgState } from './org-state'
import { type ActorRef, actorKey, actorWire, keyAttributionOf } from './people'
import { encodePageToken, decodePageToken } from './pagination'
import type { ReportQuery } from './report-query'
import { hourOf, isoOfHour } from './time'
import { emptyMetrics, M, METRIC_COUNT, type Metrics, type UsageGenerator } from './usage-generator'
import type { BetaAnalyticsActor, BetaAnalyticsCostItem, BetaAnalyticsUsageGroup, BetaAnalyticsUsageItem } from './wire-types'

/** The report limits the API enforces; the emulator's defaults are generous, tests lower them to provoke the errors. */
export interface ReportLimits {
  /** Distinct groups one UTC day of a report may have (beyond: 400 `too_many_report_groups`). */
  readonly maxGroupsPerDay: number
  /** Bytes one page's body may have (beyond: 400 `report_page_too_large`; a lower `limit` fits). */
  readonly maxPageBytes: number
}

/** The emulator's default limits: far above any demo org's reports. */
export const DEFAULT_REPORT_LIMITS: ReportLimits = { maxGroupsPerDay: 200_000, maxPageBytes: 8_000_000 }

/** What a report is computed from. */
export interface ReportContext {
  state: OrgState
  generator: UsageGenerator
  /** Usage no API key authenticated (Claude Code seats, federated callers, the Console), in its own hash space. */
  keylessGenerator: UsageGenerator
  nowMs: number
  limits?: ReportLimits
}

/** One aggregated row before serialisation. */
export interface ReportRow {
  startHour: number
  endHour: number
  apiKeyId: string | null
  model: string | null
  workspaceId: string | null
  actor: BetaAnalyticsActor | null
  product: string | null
  /** The grouped dimensions' values, for ordering ties. */
  label: string
  metrics: Metrics
}

/** The body of a report page, as `ReportPageCursor<Item>` in the SDK reads it. */
export interface ReportPage {
  data: Array<BetaAnalyticsUsageItem | BetaAnalyticsCostItem>
  has_more: boolean
  next_page: string | null
  data_refreshed_at: string | null
}

/** Total tokens of a metrics vector. */
export const totalTokens = (m: Metrics): number => (m[M.uncached] ?? 0) + (m[M.cacheWrite5m] ?? 0) + (m[M.cacheWrite1h] ?? 0) + (m[M.cacheRead] ?? 0) + (m[M.output] ?? 0)

/** One stream of generated usage and everything a report can group or filter it by. */
interface Source {
  readonly generator: UsageGenerator
  readonly record: Pick<ApiKeyRecord, 'index' | 'usageStartHour' | 'usageEndHour'>
  readonly apiKeyId: string | null
  readonly workspaceId: string
  readonly actor: ActorRef
  readonly product: string | null
}

/** Every usage source of the org: its keys (each attributed to one actor and product), then the keyless sources. */
export function usageSources(state: OrgState, generator: UsageGenerator, keylessGenerator: UsageGenerator): Source[] {
  generator.registerKeys(state.apiKeys.length)
  keylessGenerator.registerKeys(state.people.keyless.length)
  const keyed = state.apiKeys.map((key): Source => {
    const { actor, product } = keyAttributionOf(state, key)
    return { generator, record: key, apiKeyId: key.wire.id, workspaceId: key.workspaceId, actor, product }
  })
  const keyless = state.people.keyless.map((k): Source => ({ generator: keylessGenerator, record: k, apiKeyId: null, workspaceId: k.workspaceId, actor: k.actor, product: k.product }))
  return [...keyed, ...keyless]
}

const tooManyGroups = (max: number): EmulatorError =>
  new EmulatorError(
    'invalid_request_error',
    `A day in the report has usage in more than ${max} groups, more than the report can return. Group by fewer dimensions or filter the report, or use GET /v1/organizations/analytics/user_usage_report for per-user totals.`,
    { error_code: 'too_many_report_groups' },
  )

/** Computes every row of a report (all pages), sorted; throws `too_many_report_groups` as the API does. */
export function computeReportRows(query: ReportQuery, ctx: ReportContext): ReportRow[] {
  const { state } = ctx
  const limits = ctx.limits ?? DEFAULT_REPORT_LIMITS
  const clip = { dataStartHour: state.dataStartHour, nowHour: hourOf(ctx.nowMs) }
  const by = new Set(query.groupBy)
  const step = query.bucketHours ?? query.toHour - query.fromHour
  const rows = new Map<string, ReportRow>()
  const groupsOfDay = new Map<number, Set<string>>()
  const tmp = emptyMetrics()
  const modelIdx = MODELS.map((m, i) => (query.models === null || query.models.has(m.id) ? i : -1)).filter((i) => i >= 0)
  const sources = usageSources(state, ctx.generator, ctx.keylessGenerator).filter(
    (s) => (query.apiKeyIds === null || query.apiKeyIds.has(s.apiKeyId ?? '')) && (query.workspaceIds === null || query.workspaceIds.has(s.workspaceId)),
  )
  const actors = new Map<Source, { key: string; wire: BetaAnalyticsActor | null }>()
  for (const s of sources) actors.set(s, { key: actorKey(s.actor), wire: actorWire(state, s.actor) })
  for (let start = query.fromHour; start < query.toHour; start += step) {
    const end = Math.min(start + step, query.toHour)
    for (const source of sources) {
      const actor = actors.get(source)!
      if (query.excludeDeletedUsers && actor.wire?.type === 'user_actor' && actor.wire.deleted) continue
      for (const m of modelIdx) {
        tmp.fill(0)
        source.generator.addRange(source.record, m, start, end, clip, tmp)
        if (tmp[M.requests] === 0) continue
        const model = MODELS[m]?.id ?? null
        const label = [
          by.has('api_key_id') ? (source.apiKeyId ?? '') : '',
          by.has('model') ? model : '',
          by.has('workspace_id') ? source.workspaceId : '',
          by.has('actor') ? actor.key : '',
          by.has('product') ? (source.product ?? '') : '',
        ].join('|')
        const day = Math.floor(start / 24)
        let groups = groupsOfDay.get(day)
        if (!groups) groupsOfDay.set(day, (groups = new Set()))
        groups.add(label)
        if (groups.size > limits.maxGroupsPerDay) throw tooManyGroups(limits.maxGroupsPerDay)
        const id = `${start}|${label}`
        let row = rows.get(id)
        if (!row) {
          row = {
            startHour: start,
            endHour: end,
            apiKeyId: by.has('api_key_id') ? source.apiKeyId : null,
            model: by.has('model') ? model : null,
            workspaceId: by.has('workspace_id') ? source.workspaceId : null,
            actor: by.has('actor') ? actor.wire : null,
            product: by.has('product') ? source.product : null,
            label,
            metrics: emptyMetrics(),
          }
          rows.set(id, row)
        }
        for (let i = 0; i < METRIC_COUNT; i++) row.metrics[i]! += tmp[i]!
      }
    }
  }
  if (rows.size === 0 && query.groupBy.length === 0 && query.bucketHours === null) {
    rows.set('all', { startHour: query.fromHour, endHour: query.toHour, apiKeyId: null, model: null, workspaceId: null, actor: null, product: null, label: '', metrics: emptyMetrics() })
  }
  return [...rows.values()].sort(comparator(query))
}

function comparator(query: ReportQuery): (a: ReportRow, b: ReportRow) => number {
  const metric = (r: ReportRow): number => {
    switch (query.orderBy) {
      case 'output_tokens':
        return r.metrics[M.output] ?? 0
      case 'requests':
        return r.metrics[M.requests] ?? 0
      case 'uncached_input_tokens':
        return r.metrics[M.uncached] ?? 0
      case 'amount':
      case 'list_amount':
        return r.metrics[M.cost] ?? 0
      default:
        return query.kind === 'cost' ? (r.metrics[M.cost] ?? 0) : totalTokens(r.metrics)
    }
  }
  const dir = query.order === 'asc' ? 1 : -1
  const byTime = query.orderBy === 'time' && query.bucketHours !== null
  const tieBreak = (a: ReportRow, b: ReportRow): number => a.startHour - b.startHour || label(a).localeCompare(label(b))
  return (a, b) => {
    if (byTime) return dir * (a.startHour - b.startHour) || metric(b) - metric(a) || tieBreak(a, b)
    return dir * (metric(a) - metric(b)) || tieBreak(a, b)
  }
}

const label = (r: ReportRow): string => r.label

function group(row: ReportRow): BetaAnalyticsUsageGroup {
  return {
    actor: row.actor,
    actor_type: null,
    agent_id: null,
    api_key_id: row.apiKeyId,
    claude_tag_category: null,
    claude_tag_user_id: null,
    context_window: null,
    deployment_id: null,
    environment_id: null,
    inference_geo: null,
    model: row.model,
    organization_id: null,
    product: row.product,
    rbac_group_id: null,
    service_tier: null,
    session_id: null,
    slack_channel_id: null,
    speed: null,
    user_profile_id: null,
    workspace_id: row.workspaceId,
  }
}

/** Serialises one row as the usage endpoint does. */
export function usageItem(row: ReportRow): BetaAnalyticsUsageItem {
  const m = row.metrics
  return {
    starting_at: isoOfHour(row.startHour),
    ending_at: isoOfHour(row.endHour),
    group: group(row),
    usage: {
      uncached_input_tokens: m[M.uncached] ?? 0,
      cache_creation: { ephemeral_1h_input_tokens: m[M.cacheWrite1h] ?? 0, ephemeral_5m_input_tokens: m[M.cacheWrite5m] ?? 0 },
      cache_read_input_tokens: m[M.cacheRead] ?? 0,
      output_tokens: m[M.output] ?? 0,
      requests: m[M.requests] ?? 0,
      server_tool_use: { web_search_requests: 0 },
      total_tokens: totalTokens(m),
    },
  }
}

/** Serialises one row as the cost endpoint does: amounts are decimal strings of cents. */
export function costItem(row: ReportRow): BetaAnalyticsCostItem {
  const amount = formatMicroCents(row.metrics[M.cost] ?? 0)
  return {
    starting_at: isoOfHour(row.startHour),
    ending_at: isoOfHour(row.endHour),
    group: { ...group(row), cost_type: null, token_type: null },
    cost: { amount, currency: 'USD', list_amount: amount, requests: row.metrics[M.requests] ?? 0 },
  }
}

/** Keeps the last few computed reports, keyed by query signature, org version and current hour. */
export class ReportCache {
  private readonly entries = new Map<string, ReportRow[]>()
  constructor(private readonly capacity = 6) {}

  /** Rows for the query, computed at most once per (query, org version, hour). */
  rows(query: ReportQuery, ctx: ReportContext): ReportRow[] {
    const key = `${query.signature}|${ctx.state.version}|${hourOf(ctx.nowMs)}`
    const hit = this.entries.get(key)
    if (hit) {
      this.entries.delete(key)
      this.entries.set(key, hit)
      return hit
    }
    const rows = computeReportRows(query, ctx)
    this.entries.set(key, rows)
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
    return rows
  }
}

/** One page of a report, as the endpoint returns it; a page whose body would exceed the page limit is refused. */
export function reportPage(query: ReportQuery, ctx: ReportContext, cache: ReportCache): ReportPage {
  const rows = cache.rows(query, ctx)
  const offset = decodePageToken(query.page, query.signature)
  const end = offset + query.limit
  const serialise = (row: ReportRow): BetaAnalyticsUsageItem | BetaAnalyticsCostItem => (query.kind === 'usage' ? usageItem(row) : costItem(row))
  const page = {
    data: rows.slice(offset, end).map(serialise),
    has_more: end < rows.length,
    next_page: end < rows.length ? encodePageToken(end, query.signature) : null,
    data_refreshed_at: isoOfHour(hourOf(ctx.nowMs)),
  }
  const max = (ctx.limits ?? DEFAULT_REPORT_LIMITS).maxPageBytes
  if (Buffer.byteLength(JSON.stringify(page)) > max) {
    throw new EmulatorError('invalid_request_error', `The requested page of the report has more usage than one page can hold (${max} bytes). Send a lower limit and page through the rest.`, {
      error_code: 'report_page_too_large',
    })
  }
  return page
}
