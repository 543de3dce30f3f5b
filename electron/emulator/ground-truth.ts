/**
 * Ground truth for tests: totals summed cell by cell from the generator, with the key and data
 * windows applied here, sharing nothing with the report code or the day cache. Slow on purpose
 * (O(keys × models × hours)); use it on small orgs and short ranges.
 */
import { formatMicroCents } from './money'
import { MODELS } from './models'
import type { OrgState } from './org-state'
import { actorKey, keyAttributionOf } from './people'
import type { AsOf, RefreshSchedule } from './revisions'
import { HOURS_PER_DAY, hourOf } from './time'
import { emptyMetrics, M, type UsageGenerator } from './usage-generator'

/** Which usage to total. Ranges are instants; they are floored to whole hours as the API does. */
export interface TruthQuery {
  startingAt: Date | string
  endingAt: Date | string
  /** Keys whose requests to count; '' also counts usage no API key authenticated. */
  apiKeyIds?: readonly string[]
  models?: readonly string[]
  workspaceIds?: readonly string[]
  /** Actors to count, as reports group them: a tagged id (user_, svac_, apikey_), `federated:<provider>:<subject>`, or '' for none. */
  actors?: readonly string[]
  /** Products to count; null counts usage with no product. */
  products?: ReadonlyArray<string | null>
  /**
   * Which refresh to answer as of: a refresh index, or a page's `data_refreshed_at` (default: the
   * latest refresh). Usage after that refresh's watermark is not counted, and each day is revised
   * as it was at that refresh.
   */
  asOf?: number | string
}

/** Totals as the API would report them for an ungrouped, unbucketed query. */
export interface TruthTotals {
  uncachedInputTokens: number
  cacheCreation5mTokens: number
  cacheCreation1hTokens: number
  cacheReadTokens: number
  outputTokens: number
  totalTokens: number
  requests: number
  /** Cost in integer micro-cents. */
  costMicroCents: number
  /** Cost as the API's decimal string of cents. */
  amount: string
}

/** Sums every matching cell in the range, hour by hour, as of one refresh (see `TruthQuery.asOf`). */
export function groundTruthTotals(state: OrgState, generators: { keys: UsageGenerator; keyless: UsageGenerator }, asOf: AsOf, query: TruthQuery): TruthTotals {
  const from = hourOf(new Date(query.startingAt))
  const to = hourOf(new Date(query.endingAt))
  const lastReported = asOf.reportedToHour // usage after the watermark is not reported yet
  const modelFilter = query.models ? new Set(query.models) : null
  const keyFilter = query.apiKeyIds ? new Set(query.apiKeyIds) : null
  const wsFilter = query.workspaceIds ? new Set(query.workspaceIds) : null
  const actorFilter = query.actors ? new Set(query.actors) : null
  const productFilter = query.products ? new Set(query.products) : null
  const sum = emptyMetrics()
  const streams = [
    ...state.apiKeys.map((key) => ({ generator: generators.keys, record: key, apiKeyId: key.wire.id, workspaceId: key.workspaceId, ...keyAttributionOf(state, key) })),
    ...state.people.keyless.map((k) => ({ generator: generators.keyless, record: k, apiKeyId: '', workspaceId: k.workspaceId, actor: k.actor, product: k.product })),
  ]
  for (const stream of streams) {
    const key = stream.record
    if (keyFilter && !keyFilter.has(stream.apiKeyId)) continue
    if (wsFilter && !wsFilter.has(stream.workspaceId)) continue
    if (actorFilter && !actorFilter.has(actorKey(stream.actor))) continue
    if (productFilter && !productFilter.has(stream.product)) continue
    MODELS.forEach((model, m) => {
      if (modelFilter && !modelFilter.has(model.id)) return
      for (let h = from; h < to; h++) {
        const inWindow = h >= state.dataStartHour && h < lastReported && h >= key.usageStartHour && (key.usageEndHour === null || h < key.usageEndHour)
        if (inWindow) stream.generator.addCell(key.index, m, h, sum, 0, asOf.factorOfDay(Math.floor(h / HOURS_PER_DAY)))
      }
    })
  }
  const tokenSlots: number[] = [M.uncached, M.cacheWrite5m, M.cacheWrite1h, M.cacheRead, M.output]
  const tokens = tokenSlots.reduce((t, i) => t + (sum[i] ?? 0), 0)
  return {
    uncachedInputTokens: sum[M.uncached] ?? 0,
    cacheCreation5mTokens: sum[M.cacheWrite5m] ?? 0,
    cacheCreation1hTokens: sum[M.cacheWrite1h] ?? 0,
    cacheReadTokens: sum[M.cacheRead] ?? 0,
    outputTokens: sum[M.output] ?? 0,
    totalTokens: tokens,
    requests: sum[M.requests] ?? 0,
    costMicroCents: sum[M.cost] ?? 0,
    amount: formatMicroCents(sum[M.cost] ?? 0),
  }
}

/** The refresh a truth query asks for: an index, a `data_refreshed_at` the schedule has served, or the latest. */
export function resolveAsOf(schedule: RefreshSchedule, asOf: number | string | undefined): AsOf {
  if (asOf === undefined) return schedule.asOf()
  if (typeof asOf === 'number') return schedule.asOf(asOf)
  const refresh = schedule.refreshAt(asOf)
  if (refresh === null) throw new Error(`No refresh has the watermark ${asOf}; pass a data_refreshed_at the emulator served, or a refresh index.`)
  return schedule.asOf(refresh)
}
