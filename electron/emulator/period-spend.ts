/**
 * Spend so far in a spend limit's current period, read from the very rows the cost report serves.
 * In the Admin API a member's `period_to_date_spend` for a monthly limit is the same money as
 * their cost in the analytics report for the month so far, so the emulator does not compute it
 * a second way: it asks its own cost report, grouped by actor, for [start of the UTC month, the
 * last whole hour before the watermark), as of the latest refresh, and reads each actor's row.
 */
import { formatMicroCents } from './money'
import { metricOf, type ReportContext } from './report'
import type { ReportQuery } from './report-query'
import type { AsOf } from './revisions'
import { currentAsOf, type EmulatorContext } from './route-table'
import { HOUR_MS } from './time'
import { M } from './usage-generator'
import type { BetaAnalyticsActor } from './wire-types'

/** Micro-cents in the smallest unit `period_to_date_spend` carries (a thousandth of a cent). */
const MICRO_PER_MILLI_CENT = 1000

/** The first hour of the UTC calendar month that contains `nowMs`: where a monthly limit's period starts. */
export function monthStartHour(nowMs: number): number {
  const now = new Date(nowMs)
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) / HOUR_MS
}

/** The range a monthly limit's spend covers right now: [month start, the hours the reports hold as of the watermark). */
export function monthToDateHours(nowMs: number, asOf: AsOf): { fromHour: number; toHour: number } {
  return { fromHour: monthStartHour(nowMs), toHour: asOf.reportedToHour }
}

/** Who a cost row's actor is, by the id spend limits name them with: a user's id or an API key's id (others: null). */
export function spenderIdOf(actor: BetaAnalyticsActor | null): string | null {
  if (actor?.type === 'user_actor') return actor.user_id
  if (actor?.type === 'api_actor') return actor.api_key_id
  return null
}

/** The cost report query (grouped by actor, one row per actor for the whole range) that a month's spend reads. */
function monthToDateCostQuery(nowMs: number, asOf: AsOf): ReportQuery {
  const { fromHour, toHour } = monthToDateHours(nowMs, asOf)
  return {
    kind: 'cost',
    fromHour,
    toHour,
    bucketHours: null,
    groupBy: ['actor'],
    apiKeyIds: null,
    models: null,
    workspaceIds: null,
    excludeDeletedUsers: false,
    orderBy: 'amount',
    order: 'desc',
    limit: 1000,
    page: null,
    signature: JSON.stringify(['period-to-date-spend', fromHour, toHour]),
    dataSignature: JSON.stringify([fromHour, toHour, null, ['actor'], [], [], [], false]),
  }
}

/**
 * Month-to-date cost in integer micro-cents per user and per API key (an API key counts the
 * usage the report attributes to the key itself), from the cost report's own rows. Nothing
 * spent: absent from the map.
 */
export function monthToDateSpendBySpender(ctx: EmulatorContext): Map<string, number> {
  const nowMs = ctx.now().getTime()
  const asOf = currentAsOf(ctx)
  const query = monthToDateCostQuery(nowMs, asOf)
  const spend = new Map<string, number>()
  if (query.toHour <= query.fromHour) return spend // the month's first hour is still in progress
  const reportCtx: ReportContext = { state: ctx.state, generator: ctx.generator, keylessGenerator: ctx.keylessGenerator, asOf, limits: ctx.reportLimits }
  const rows = ctx.reportCache.rows(query, reportCtx)
  for (let i = 0; i < rows.count; i++) {
    const id = spenderIdOf(rows.groups[rows.group[i]!]!.actor)
    if (id !== null) spend.set(id, (spend.get(id) ?? 0) + metricOf(rows, i, M.cost))
  }
  return spend
}

/**
 * `period_to_date_spend` as the API writes it: a decimal string of cents with at most three
 * decimal places. Metered spend is not rounded up: the micro-cents below a thousandth of a cent
 * are dropped, so "spend so far" never exceeds what the cost report shows, and rounding either
 * figure to whole cents gives the same cent (the cut is below the half-cent that decides it).
 */
export function formatPeriodToDateSpend(microCents: number): string {
  return formatMicroCents(Math.floor(microCents / MICRO_PER_MILLI_CENT) * MICRO_PER_MILLI_CENT)
}
