/**
 * Builds the usage and cost reports: one row per (time bucket, group) with usage, summed from
 * the usage generator as of one refresh (its watermark and revisions), sorted as
 * `order_by`/`order` ask (ties by the grouped values in code-point order), paged with
 * `next_page`/`has_more`. Computed rows are kept columnar in a byte-bounded cache that the usage
 * and the cost report of the same query share, so paging through a large report, or reading its
 * usage and then its cost, computes it once.
 */
import { EmulatorError } from './errors'
import { formatMicroCents } from './money'
import { MODELS } from './models'
import type { ApiKeyRecord, OrgState } from './org-state'
import { type ActorRef, actorKey, actorWireLookup, keyAttributionOf } from './people'
import type { ReportQuery } from './report-query'
import type { AsOf } from './revisions'
import { isoOf, isoOfHour } from './time'
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
  /** The refresh the report is served as of: its watermark, and each day's revisions. */
  asOf: AsOf
  limits?: ReportLimits
}

/** One aggregated row, as an object (for serialisation and tests; reports keep rows columnar). */
export interface ReportRow {
  startHour: number
  endHour: number
  apiKeyId: string | null
  model: string | null
  workspaceId: string | null
  actor: BetaAnalyticsActor | null
  product: string | null
  metrics: Metrics
}

/** The values of one group (every grouped dimension except the model), shared by all its rows. */
interface GroupValues {
  readonly apiKeyId: string | null
  readonly workspaceId: string | null
  readonly actor: BetaAnalyticsActor | null
  readonly product: string | null
}

/**
 * Every row of a report, columnar, so that a 31-day report of a 20,000-key org (about a million
 * rows) costs tens of bytes per row rather than an object and a typed array each. Row i is
 * bucket `startHour[i]`, group `group[i]`, model `model[i]` (-1: not grouped by model) and
 * metrics `rowMetrics(rows, i)` (fixed-size chunks, so a growing report never copies them); `order`
 * lists the rows in the report's sort order.
 */
export interface ReportRows {
  readonly count: number
  readonly toHour: number
  readonly bucketHours: number
  readonly startHour: Int32Array
  readonly group: Int32Array
  readonly model: Int8Array
  /** Metrics of rows [k × METRIC_CHUNK_ROWS, (k + 1) × METRIC_CHUNK_ROWS) in chunk k. */
  readonly metricChunks: readonly Float64Array[]
  readonly groups: readonly GroupValues[]
  /** Rank of each (group, model) label in code-point order, for ordering ties: `labelRank[group * (MODELS.length + 1) + model + 1]`. */
  readonly labelRank: Int32Array
  readonly order: Int32Array
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

/** Rows per metrics chunk (a power of two): 4,096 rows, 230 KB. */
export const METRIC_CHUNK_ROWS = 1 << 12
const CHUNK_SHIFT = 12
const CHUNK_MASK = METRIC_CHUNK_ROWS - 1

/** Row i's metrics (a view into its chunk). */
export function rowMetrics(rows: Pick<ReportRows, 'metricChunks'>, i: number): Metrics {
  const at = (i & CHUNK_MASK) * METRIC_COUNT
  return rows.metricChunks[i >> CHUNK_SHIFT]!.subarray(at, at + METRIC_COUNT)
}

/** One metric of row i. */
export function metricOf(rows: Pick<ReportRows, 'metricChunks'>, i: number, slot: number): number {
  return rows.metricChunks[i >> CHUNK_SHIFT]![(i & CHUNK_MASK) * METRIC_COUNT + slot]!
}

/** Growable columns for rows being built. */
class RowBuilder {
  count = 0
  startHour = new Int32Array(1024)
  group = new Int32Array(1024)
  model = new Int8Array(1024)
  readonly metricChunks: Float64Array[] = []

  add(start: number, group: number, model: number): number {
    if (this.count === this.startHour.length) {
      // Grow by half: a report's columns end at most a third larger than its rows.
      const capacity = Math.ceil(this.count * 1.5)
      const grow = <T extends Int32Array | Int8Array | Float64Array>(a: T, b: T): T => {
        b.set(a)
        return b
      }
      this.startHour = grow(this.startHour, new Int32Array(capacity))
      this.group = grow(this.group, new Int32Array(capacity))
      this.model = grow(this.model, new Int8Array(capacity))
    }
    if ((this.count & CHUNK_MASK) === 0) this.metricChunks.push(new Float64Array(METRIC_CHUNK_ROWS * METRIC_COUNT))
    const i = this.count++
    this.startHour[i] = start
    this.group[i] = group
    this.model[i] = model
    return i
  }
}

const MODEL_SLOTS = MODELS.length + 1

/** Computes every row of a report (all pages), sorted; throws `too_many_report_groups` as the API does. */
export function computeReportRows(query: ReportQuery, ctx: ReportContext): ReportRows {
  const rows = aggregateReportRows(query, ctx)
  return { ...rows, order: sortedOrder(rows, query) }
}

/** Aggregates every row of a report, unsorted. */
function aggregateReportRows(query: ReportQuery, ctx: ReportContext): UnsortedRows {
  const { state } = ctx
  const limits = ctx.limits ?? DEFAULT_REPORT_LIMITS
  const clip = { dataStartHour: state.dataStartHour, asOf: ctx.asOf }
  const by = new Set(query.groupBy)
  const step = query.bucketHours ?? query.toHour - query.fromHour
  const tmp = emptyMetrics()
  const modelIdx = MODELS.map((m, i) => (query.models === null || query.models.has(m.id) ? i : -1)).filter((i) => i >= 0)
  const sources = usageSources(state, ctx.generator, ctx.keylessGenerator).filter(
    (s) => (query.apiKeyIds === null || query.apiKeyIds.has(s.apiKeyId ?? '')) && (query.workspaceIds === null || query.workspaceIds.has(s.workspaceId)),
  )
  // Each source's group (its grouped dimensions except the model), interned to a small integer.
  const groupIds = new Map<string, number>()
  const groups: GroupValues[] = []
  const groupLabels: string[][] = []
  const sourceGroup = new Int32Array(sources.length).fill(-1)
  const wireOfActor = actorWireLookup(state)
  sources.forEach((source, i) => {
    const wire = wireOfActor(source.actor)
    if (query.excludeDeletedUsers && wire?.type === 'user_actor' && wire.deleted) return
    const parts = [
      by.has('api_key_id') ? (source.apiKeyId ?? '') : '',
      by.has('workspace_id') ? source.workspaceId : '',
      by.has('actor') ? actorKey(source.actor) : '',
      by.has('product') ? (source.product ?? '') : '',
    ]
    const key = parts.join('|')
    let id = groupIds.get(key)
    if (id === undefined) {
      id = groups.length
      groupIds.set(key, id)
      groupLabels.push(parts)
      groups.push({
        apiKeyId: by.has('api_key_id') ? source.apiKeyId : null,
        workspaceId: by.has('workspace_id') ? source.workspaceId : null,
        actor: by.has('actor') ? wire : null,
        product: by.has('product') ? source.product : null,
      })
    }
    sourceGroup[i] = id
  })
  const combos = groups.length * MODEL_SLOTS
  const rowOfCombo = new Int32Array(combos)
  const dayOfCombo = new Int32Array(combos).fill(-1)
  const rows = new RowBuilder()
  let day = -1
  let groupsToday = 0
  for (let start = query.fromHour; start < query.toHour; start += step) {
    const end = Math.min(start + step, query.toHour)
    rowOfCombo.fill(-1)
    const today = Math.floor(start / 24)
    if (today !== day) {
      day = today
      groupsToday = 0
    }
    for (let s = 0; s < sources.length; s++) {
      const g = sourceGroup[s]!
      if (g < 0) continue
      const source = sources[s]!
      for (const m of modelIdx) {
        tmp.fill(0)
        source.generator.addRange(source.record, m, start, end, clip, tmp)
        if (tmp[M.requests] === 0) continue
        const model = by.has('model') ? m : -1
        const combo = g * MODEL_SLOTS + model + 1
        if (dayOfCombo[combo] !== day) {
          dayOfCombo[combo] = day
          if (++groupsToday > limits.maxGroupsPerDay) throw tooManyGroups(limits.maxGroupsPerDay)
        }
        let row = rowOfCombo[combo]!
        if (row < 0) rowOfCombo[combo] = row = rows.add(start, g, model)
        const chunk = rows.metricChunks[row >> CHUNK_SHIFT]!
        const at = (row & CHUNK_MASK) * METRIC_COUNT
        for (let i = 0; i < METRIC_COUNT; i++) chunk[at + i]! += tmp[i]!
      }
    }
  }
  if (rows.count === 0 && query.groupBy.length === 0 && query.bucketHours === null) {
    if (groups.length === 0) {
      groups.push({ apiKeyId: null, workspaceId: null, actor: null, product: null })
      groupLabels.push(['', '', '', ''])
    }
    rows.add(query.fromHour, 0, -1)
  }
  // Ties are ordered by the grouped values in code-point order (key, model, workspace, actor, product).
  const labelOf = (combo: number): string => {
    const parts = groupLabels[Math.floor(combo / MODEL_SLOTS)]!
    const m = (combo % MODEL_SLOTS) - 1
    return [parts[0], m >= 0 ? (MODELS[m]?.id ?? '') : '', parts[1], parts[2], parts[3]].join('|')
  }
  const used = new Set<number>()
  for (let i = 0; i < rows.count; i++) used.add(rows.group[i]! * MODEL_SLOTS + rows.model[i]! + 1)
  const labelRank = new Int32Array(Math.max(1, groups.length * MODEL_SLOTS))
  const labelled = [...used].map((combo) => ({ combo, label: labelOf(combo) }))
  labelled.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
  labelled.forEach(({ combo }, rank) => (labelRank[combo] = rank))
  return {
    count: rows.count,
    toHour: query.toHour,
    bucketHours: step,
    // Views, not copies: a report of a large org has a million rows.
    startHour: rows.startHour.subarray(0, rows.count),
    group: rows.group.subarray(0, rows.count),
    model: rows.model.subarray(0, rows.count),
    metricChunks: rows.metricChunks,
    groups,
    labelRank,
  }
}

/** Row i as an object. */
export function rowAt(rows: ReportRows, i: number): ReportRow {
  const g = rows.groups[rows.group[i]!]!
  const m = rows.model[i]!
  const start = rows.startHour[i]!
  return {
    startHour: start,
    endHour: Math.min(start + rows.bucketHours, rows.toHour),
    apiKeyId: g.apiKeyId,
    model: m >= 0 ? (MODELS[m]?.id ?? null) : null,
    workspaceId: g.workspaceId,
    actor: g.actor,
    product: g.product,
    metrics: rowMetrics(rows, i),
  }
}

/** Every row as an object, in the report's order (for tests and small reports). */
export function rowList(rows: ReportRows): ReportRow[] {
  return Array.from(rows.order, (i) => rowAt(rows, i))
}

function sortedOrder(rows: UnsortedRows, query: ReportQuery): Int32Array {
  const order = new Int32Array(rows.count)
  for (let i = 0; i < rows.count; i++) order[i] = i
  const metric = (r: number): number => {
    const mt = rows.metricChunks[r >> CHUNK_SHIFT]!
    const at = (r & CHUNK_MASK) * METRIC_COUNT
    switch (query.orderBy) {
      case 'output_tokens':
        return mt[at + M.output]!
      case 'requests':
        return mt[at + M.requests]!
      case 'uncached_input_tokens':
        return mt[at + M.uncached]!
      case 'amount':
      case 'list_amount':
        return mt[at + M.cost]!
      default:
        return query.kind === 'cost' ? mt[at + M.cost]! : mt[at + M.uncached]! + mt[at + M.cacheWrite5m]! + mt[at + M.cacheWrite1h]! + mt[at + M.cacheRead]! + mt[at + M.output]!
    }
  }
  const values = new Float64Array(rows.count)
  for (let i = 0; i < rows.count; i++) values[i] = metric(i)
  const rank = (r: number): number => rows.labelRank[rows.group[r]! * MODEL_SLOTS + rows.model[r]! + 1]!
  const dir = query.order === 'asc' ? 1 : -1
  const byTime = query.orderBy === 'time' && query.bucketHours !== null
  const tieBreak = (a: number, b: number): number => rows.startHour[a]! - rows.startHour[b]! || rank(a) - rank(b)
  order.sort(byTime ? (a, b) => dir * (rows.startHour[a]! - rows.startHour[b]!) || values[b]! - values[a]! || tieBreak(a, b) : (a, b) => dir * (values[a]! - values[b]!) || tieBreak(a, b))
  return order
}

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

/** A report's rows before sorting: the usage and the cost report of the same query share them. */
type UnsortedRows = Omit<ReportRows, 'order'>

/** Bytes a cached report holds (its columns and sort orders). */
const bytesOf = (rows: UnsortedRows, orders: number): number =>
  rows.metricChunks.length * METRIC_CHUNK_ROWS * METRIC_COUNT * 8 + rows.startHour.buffer.byteLength * 2 + rows.model.buffer.byteLength + rows.count * 4 * orders

/**
 * Keeps the last computed reports, keyed by what they aggregate (range, buckets, groups, filters),
 * the org's version and the refresh, so paging through a report, or reading its usage and then its
 * cost, computes it once. Bounded in bytes, not entries: a 31-day report of a large org is tens of
 * megabytes, and the newest one is always kept.
 */
export class ReportCache {
  private readonly entries = new Map<string, { rows: UnsortedRows; orders: Map<string, Int32Array> }>()
  /** Bytes of the last report computed (with two sort orders): the estimate of the next one's. */
  private lastBytes = 0
  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /** Rows for the query, aggregated at most once per (data signature, org version, refresh), sorted once per order. */
  rows(query: ReportQuery, ctx: ReportContext): ReportRows {
    const key = `${query.dataSignature}|${ctx.state.version}|${ctx.asOf.refresh}`
    let entry = this.entries.get(key)
    if (entry) this.entries.delete(key)
    else {
      // Make room first, expecting a report as large as the last one computed, so a large org's
      // reports are never held two at a time.
      let total = this.held().bytes
      for (const [k, e] of this.entries) {
        if (total + this.lastBytes <= this.maxBytes) break
        total -= bytesOf(e.rows, e.orders.size)
        this.entries.delete(k)
      }
      entry = { rows: aggregateReportRows(query, ctx), orders: new Map() }
      this.lastBytes = bytesOf(entry.rows, 2)
    }
    this.entries.set(key, entry)
    const orderKey = `${query.kind}|${query.orderBy}|${query.order}`
    let order = entry.orders.get(orderKey)
    if (!order) entry.orders.set(orderKey, (order = sortedOrder(entry.rows, query)))
    let total = 0
    for (const e of this.entries.values()) total += bytesOf(e.rows, e.orders.size)
    for (const [k, e] of this.entries) {
      if (total <= this.maxBytes || e === entry) break
      total -= bytesOf(e.rows, e.orders.size)
      this.entries.delete(k)
    }
    return { ...entry.rows, order }
  }

  /** Reports held and their bytes (for tests of the bound). */
  held(): { reports: number; bytes: number } {
    let bytes = 0
    for (const e of this.entries.values()) bytes += bytesOf(e.rows, e.orders.size)
    return { reports: this.entries.size, bytes }
  }
}

/** How a page is reached: the offset its cursor carried, and how to write the cursor of the next page. */
export interface PageAt {
  readonly offset: number
  readonly nextCursor: (offset: number) => string
}

/** One page of a report, as the endpoint returns it; a page whose body would exceed the page limit is refused. */
export function reportPage(query: ReportQuery, ctx: ReportContext, cache: ReportCache, at: PageAt): ReportPage {
  const rows = cache.rows(query, ctx)
  const end = Math.min(at.offset + query.limit, rows.count)
  const data: Array<BetaAnalyticsUsageItem | BetaAnalyticsCostItem> = []
  for (let k = at.offset; k < end; k++) {
    const row = rowAt(rows, rows.order[k]!)
    data.push(query.kind === 'usage' ? usageItem(row) : costItem(row))
  }
  const page = {
    data,
    has_more: end < rows.count,
    next_page: end < rows.count ? at.nextCursor(end) : null,
    data_refreshed_at: isoOf(ctx.asOf.watermarkMs),
  }
  const max = (ctx.limits ?? DEFAULT_REPORT_LIMITS).maxPageBytes
  if (Buffer.byteLength(JSON.stringify(page)) > max) {
    throw new EmulatorError('invalid_request_error', `The requested page of the report has more usage than one page can hold (${max} bytes). Send a lower limit and page through the rest.`, {
      error_code: 'report_page_too_large',
    })
  }
  return page
}
