import { addDays, monthStart, startOfLocalDay, localDateOf } from './calendar'

/*
 * The month-end projection: what this month will cost at the pace of the month so far. One module
 * for every place that shows one (status line, Projects, dashboard). zod-free, so the status line's
 * fast path can use it. Money stays bigint micro-cents: the projection is rounded once, half up.
 */

/** Less than this much of the month gone, and the pace says too little to project from. */
export const MIN_ELAPSED_MS = 24 * 3_600_000

/** A projection, or why there is none. */
export type Projection =
  | { readonly kind: 'projected'; readonly micro: bigint; readonly elapsedFraction: number }
  | { readonly kind: 'too-early' }

/** The instants the user's calendar month containing `nowMs` starts and ends (DST-aware). */
export function monthBounds(nowMs: number, timeZone: string): { startMs: number; endMs: number } {
  const first = monthStart(localDateOf(nowMs, timeZone))
  const next = monthStart(addDays(first, 31))
  return { startMs: startOfLocalDay(first, timeZone), endMs: startOfLocalDay(next, timeZone) }
}

/**
 * Projects month-to-date spend `spentMicro` (covering the month's start to `nowMs`) to the month's
 * end linearly: spent × month length ÷ time elapsed. Before MIN_ELAPSED_MS of the month has passed
 * it answers `too-early` rather than multiply one morning by thirty.
 */
export function projectMonthEnd(spentMicro: bigint, nowMs: number, timeZone: string): Projection {
  const { startMs, endMs } = monthBounds(nowMs, timeZone)
  const elapsed = Math.min(Math.max(nowMs - startMs, 0), endMs - startMs)
  if (elapsed < MIN_ELAPSED_MS) return { kind: 'too-early' }
  const length = BigInt(endMs - startMs)
  const done = BigInt(elapsed)
  // Rounded half up in micro-cents: (spent × length + done / 2) / done.
  const micro = (spentMicro * length + done / 2n) / done
  return { kind: 'projected', micro, elapsedFraction: elapsed / (endMs - startMs) }
}
