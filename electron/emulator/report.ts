/**
 * Builds the usage and cost reports: one row per (time bucket, group) with usage, summed from
 * the usage generator, sorted as `order_by`/`order` ask, paged with `next_page`/`has_more`.
 * Computed rows are kept in a small LRU so that paging through a large report does not
 * recompute it for every page.
 */
import { formatMicroCents } from './money'
import { MODELS } from './models'
import type { OrgState } from './org-state'
import { encodePageToken, decodePageToken } from './pagination'
import type { ReportQuery } from './report-query'
import { hourOf, isoOfHour } from './time'
import { emptyMetrics, M, METRIC_COUNT, type Metrics, type UsageGenerator } from './usage-generator'
import type { BetaAnalyticsCostItem, BetaAnalyticsUsageGroup, BetaAnalyticsUsageItem } from './wire-types'

/** What a report is computed from. */
export interface ReportContext {
  state: OrgState
  generator: UsageGenerator
  nowMs: number
}

/** One aggregated row before serialisation. */
export interface ReportRow {
  startHour: number
  endHour: number
  apiKeyId: string | null
  model: string | null
  workspaceId: string | null
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
export const totalTokens = (m: Metrics): number =>
  (m[M.uncached] ?? 0) + (m[M.cacheWrite5m] ?? 0) + (m[M.cacheWrite1h] ?? 0) + (m[M.cacheRead] ?? 0) + (m[M.output] ?? 0)

/** Computes every row of a report (all pages), sorted. */
export function computeReportRows(query: ReportQuery, ctx: ReportContext): ReportRow[] {
  const { state, generator } = ctx
  const clip = { dataStartHour: state.dataStartHour, nowHour: hourOf(ctx.nowMs) }
  generator.registerKeys(state.apiKeys.length)
  const byKey = query.groupBy.includes('api_key_id')
  const byModel = query.groupBy.includes('model')
  const byWs = query.groupBy.includes('workspace_id')
  const step = query.bucketHours ?? query.toHour - query.fromHour
  const rows = new Map<string, ReportRow>()
  const tmp = emptyMetrics()
  const modelIdx = MODELS.map((m, i) => (query.models === null || query.models.has(m.id) ? i : -1)).filter((i) => i >= 0)
  const keys = state.apiKeys.filter(
    (k) => (query.apiKeyIds === null || query.apiKeyIds.has(k.wire.id)) && (query.workspaceIds === null || query.workspaceIds.has(k.workspaceId)),
  )
  for (let start = query.fromHour; start < query.toHour; start += step) {
    const end = Math.min(start + step, query.toHour)
    for (const key of keys) {
      for (const m of modelIdx) {
        tmp.fill(0)
        generator.addRange(key, m, start, end, clip, tmp)
        if (tmp[M.requests] === 0) continue
        const model = MODELS[m]?.id ?? null
        const id = `${start}|${byKey ? key.wire.id : ''}|${byModel ? model : ''}|${byWs ? key.workspaceId : ''}`
        let row = rows.get(id)
        if (!row) {
          row = {
            startHour: start,
            endHour: end,
            apiKeyId: byKey ? key.wire.id : null,
            model: byModel ? model : null,
            workspaceId: byWs ? key.workspaceId : null,
            metrics: emptyMetrics(),
          }
          rows.set(id, row)
        }
        for (let i = 0; i < METRIC_COUNT; i++) row.metrics[i]! += tmp[i]!
      }
    }
  }
  if (rows.size === 0 && query.groupBy.length === 0 && query.bucketHours === null) {
    rows.set('all', { startHour: query.fromHour, endHour: query.toHour, apiKeyId: null, model: null, workspaceId: null, metrics: emptyMetrics() })
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
  const tieBreak = (a: ReportRow, b: ReportRow): number =>
    a.startHour - b.startHour || label(a).localeCompare(label(b))
  return (a, b) => {
    if (byTime) return dir * (a.startHour - b.startHour) || metric(b) - metric(a) || tieBreak(a, b)
    return dir * (metric(a) - metric(b)) || tieBreak(a, b)
  }
}

const label = (r: ReportRow): string => `${r.apiKeyId ?? ''}|${r.model ?? ''}|${r.workspaceId ?? ''}`

function group(row: ReportRow): BetaAnalyticsUsageGroup {
  return {
    actor: null,
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
    product: null,
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

/** One page of a report, as the endpoint returns it. */
export function reportPage(query: ReportQuery, ctx: ReportContext, cache: ReportCache): ReportPage {
  const rows = cache.rows(query, ctx)
  const offset = decodePageToken(query.page, query.signature)
  const end = offset + query.limit
  const serialise = (row: ReportRow): BetaAnalyticsUsageItem | BetaAnalyticsCostItem => (query.kind === 'usage' ? usageItem(row) : costItem(row))
  return {
    data: rows.slice(offset, end).map(serialise),
    has_more: end < rows.length,
    next_page: end < rows.length ? encodePageToken(end, query.signature) : null,
    data_refreshed_at: isoOfHour(hourOf(ctx.nowMs)),
  }
}
