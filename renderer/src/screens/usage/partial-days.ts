import { localDateOf } from '../../../../shared/calendar'
import { isPartialDate, partialRangeNote } from '../../../../shared/data-age'

/**
 * A chart's day labels with the partial ones marked: the day holding the service's watermark and
 * any later day read "2026-12-06 (today so far)" or "2026-12-05 (so far)", so a short last bar
 * reads as incomplete rather than as a quiet day. Unmarked without a watermark.
 */
export function markPartialDays(dates: readonly string[], dataRefreshedAt: string | null | undefined, timeZone: string, nowMs = Date.now()): string[] {
  const today = localDateOf(nowMs, timeZone)
  return dates.map((d) => (isPartialDate(d, dataRefreshedAt, timeZone) ? `${d} (${d === today ? 'today so far' : 'so far'})` : d))
}

/** A range label with its partial note: "2026-12-01 to 2026-12-06 (today so far)". */
export function rangeLabel(range: { from: string; to: string }, dataRefreshedAt: string | null | undefined, timeZone: string, nowMs = Date.now()): string {
  const note = partialRangeNote(range, dataRefreshedAt, { nowMs, timeZone })
  return `${range.from} to ${range.to}${note ? ` (${note})` : ''}`
}
