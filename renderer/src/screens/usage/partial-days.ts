import { localDateOf } from '../../../../shared/calendar'
import { isPartialDate, partialRangeNote } from '../../../../shared/data-age'
import { formatDate, formatDateRange } from '../../dates'

/**
 * A chart's day labels with the partial ones marked: the day holding the service's watermark and
 * any later day read "Dec 6, 2026 (today so far)" or "Dec 5, 2026 (so far)" (in the one day style), so a short last bar
 * reads as incomplete rather than as a quiet day. Unmarked without a watermark.
 */
export function markPartialDays(dates: readonly string[], dataRefreshedAt: string | null | undefined, timeZone: string, nowMs = Date.now()): string[] {
  const today = localDateOf(nowMs, timeZone)
  return dates.map((d) => (isPartialDate(d, dataRefreshedAt, timeZone) ? `${formatDate(d)} (${d === today ? 'today so far' : 'so far'})` : formatDate(d)))
}

/** A range label in the one date style, with its partial note: "Dec 1 – 6, 2026 (today so far)". */
export function rangeLabel(range: { from: string; to: string }, dataRefreshedAt: string | null | undefined, timeZone: string, nowMs = Date.now()): string {
  const note = partialRangeNote(range, dataRefreshedAt, { nowMs, timeZone })
  return `${formatDateRange(range.from, range.to)}${note ? ` (${note})` : ''}`
}
