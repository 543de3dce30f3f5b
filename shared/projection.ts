import { addDays, monthStart, startOfLocalDay, localDateOf } from './calendar'
import { type MoneyFormat, formatMoney } from './money'

/*
 * The month-end projection: what this month will cost at the pace of the month so far. One module
 * for every place that shows one (status line, Projects, dashboard). zod-free, so the status line's
 * fast path can use it. Money stays bigint micro-cents: the projection is rounded once, half up.
 */

/** Less than this much of the month gone, and the pace says too little to project from. */
export const MIN_ELAPSED_MS = 24 * 3_600_000

/** A projection, or why there is none. */
export type Projection = { readonly kind: 'projected'; readonly micro: bigint; readonly elapsedFraction: number } | { readonly kind: 'too-early' }

/** The instants the user's calendar month containing `nowMs` starts and ends (DST-aware). */
export function monthBounds(nowMs: number, timeZone: string): { startMs: number; endMs: number } {
  const first = monthStart(localDateOf(nowMs, timeZone))
  const next = monthStart(addDays(first, 31))
  return { startMs: startOfLocalDay(first, timeZone), endMs: startOfLocalDay(next, timeZone) }
}

/**
 * Projects month-to-date spend `spentMicro` (covering the month's start to `coveredToMs`, default
 * `nowMs`) to the month's end linearly: spent × month length ÷ time covered. A caller that knows
 * the service's watermark passes the end of the complete hours (data-age.ts) and the spend up to
 * it, so a partial hour is left out rather than read as a slow one. Before MIN_ELAPSED_MS of the
 * month is covered it answers `too-early` rather than multiply one morning by thirty.
 */
export function projectMonthEnd(spentMicro: bigint, nowMs: number, timeZone: string, coveredToMs: number = nowMs): Projection {
  const { startMs, endMs } = monthBounds(nowMs, timeZone)
  const elapsed = Math.min(Math.max(Math.min(coveredToMs, nowMs) - startMs, 0), endMs - startMs)
  if (elapsed < MIN_ELAPSED_MS) return { kind: 'too-early' }
  const length = BigInt(endMs - startMs)
  const done = BigInt(elapsed)
  // Rounded half up in micro-cents: (spent × length + done / 2) / done.
  const micro = (spentMicro * length + done / 2n) / done
  return { kind: 'projected', micro, elapsedFraction: elapsed / (endMs - startMs) }
}

/** Trailing days whose spend gives the recent daily rate. */
export const TRAILING_DAYS = 7

/** How a range projection was made, for tooltips, the docs and `--json`. */
export const PROJECTION_METHOD =
  'Month-to-date spend plus the rest of the month at two paces: the month’s own pace so far and the daily rate of the last 7 days. The range runs from the slower pace to the faster, rounded outward to two significant figures.'

/** What a range projection is made from: spend over covered hours (what the cache really holds), in micro-cents. */
export interface ProjectionInput {
  /** Spend from the month's start to `coveredToMs`. */
  readonly monthToDate: bigint
  /** The instants the month-to-date spend really covers (the cache snaps them to its buckets). */
  readonly monthFromMs: number
  readonly coveredToMs: number
  /** The month's end (exclusive), from `monthBounds`. */
  readonly monthEndMs: number
  /** Spend over the trailing window [trailingFromMs, coveredToMs): up to TRAILING_DAYS, possibly before the month began. */
  readonly trailing: bigint
  readonly trailingFromMs: number
  /** The trailing window's end; default `coveredToMs` (it differs only when the cache stops before the month began). */
  readonly trailingToMs?: number
}

/** A month-end projection as a range: exact bounds, the same bounds rounded outward for display, and the paces behind them. */
export type RangeProjection =
  | {
      readonly kind: 'projected'
      /** The slower and faster pace's month-end totals, exact micro-cents. */
      readonly low: bigint
      readonly high: bigint
      /** `low` rounded down and `high` rounded up to two significant figures of `high`: what people are shown. */
      readonly shownLow: bigint
      readonly shownHigh: bigint
      /** Micro-cents per day of each pace used (null when it had too little data). */
      readonly monthPacePerDay: bigint | null
      readonly trailingPerDay: bigint | null
    }
  | { readonly kind: 'too-early' }

const DAY = 24 * 3_600_000

/** Rounds `micro` to a multiple of `step`: down, or up. */
const floorTo = (micro: bigint, step: bigint): bigint => (micro / step) * step
const ceilTo = (micro: bigint, step: bigint): bigint => ((micro + step - 1n) / step) * step

/** The display step for a range whose top is `high`: two significant figures, never below one cent. */
export function roundingStep(high: bigint): bigint {
  let step = 1_000_000n // one cent
  while (high >= step * 100n) step *= 10n
  return step
}

/**
 * Projects the month's end as a range: month-to-date plus the remaining time at the month's own
 * pace (once MIN_ELAPSED_MS of it is covered) and at the trailing daily rate (once MIN_ELAPSED_MS
 * of trailing data is covered). With neither pace known it answers `too-early`. Pure and exact:
 * integer micro-cents, each rate rounded half up once.
 */
export function projectRange(input: ProjectionInput): RangeProjection {
  const remaining = BigInt(Math.max(0, input.monthEndMs - input.coveredToMs))
  const pace = (spent: bigint, ms: number): bigint | null => (ms < MIN_ELAPSED_MS ? null : (spent * BigInt(DAY) + BigInt(ms) / 2n) / BigInt(ms))
  const monthPacePerDay = pace(input.monthToDate, input.coveredToMs - input.monthFromMs)
  const trailingPerDay = pace(input.trailing, (input.trailingToMs ?? input.coveredToMs) - input.trailingFromMs)
  const rates = [monthPacePerDay, trailingPerDay].filter((r): r is bigint => r !== null)
  if (rates.length === 0) return { kind: 'too-early' }
  const at = (perDay: bigint): bigint => input.monthToDate + (perDay * remaining + BigInt(DAY) / 2n) / BigInt(DAY)
  const low = at(rates.reduce((a, b) => (a < b ? a : b)))
  const high = at(rates.reduce((a, b) => (a > b ? a : b)))
  return { kind: 'projected', low, high, ...shownRange(low, high), monthPacePerDay, trailingPerDay }
}

/** Exact bounds rounded outward (low down, high up) to two significant figures of `high`. */
export function shownRange(low: bigint, high: bigint): { shownLow: bigint; shownHigh: bigint } {
  const step = roundingStep(high)
  return { shownLow: floorTo(low, step), shownHigh: ceilTo(high, step) }
}

/** A shown range as people read it, "$1,200–$1,600": whole units once the rounding step is a unit or more. */
export function formatProjectedRange(shownLow: bigint, shownHigh: bigint, options: MoneyFormat = {}): string {
  const digits = roundingStep(shownHigh) >= 100_000_000n ? 0 : 2
  const low = formatMoney(shownLow, { ...options, digits })
  const high = formatMoney(shownHigh, { ...options, digits })
  return low === high ? `about ${low}` : `${low}–${high}`
}
