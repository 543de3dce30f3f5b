import { HOUR_MS, type LocalDate, type LocalRange, localDateOf, zonedFields } from './calendar'

/*
 * How fresh the figures are. The service's watermark (`data_refreshed_at` of the newest report
 * page) says up to when its figures are complete; it is not when Keyward last synced (a sync a
 * minute ago can bring figures complete only to 14:00). One module says it for every surface
 * ("data as of 14:00"), and says which buckets are past it (partial: "today so far"). zod-free
 * and Intl-free without a locale, so the status line's fast path can use it.
 */

/** How the watermark is written: in `timeZone`; with `locale` through Intl, else plain ("14:00", "Dec 5, 14:00"). */
export interface DataAgeFormat {
  readonly nowMs: number
  readonly timeZone: string
  /** A BCP 47 locale; undefined: plain 24-hour English, without Intl (the status line's cold start). */
  readonly locale?: string | undefined
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const formatters = new Map<string, Intl.DateTimeFormat>()

function intlFormatter(locale: string, timeZone: string, shape: 'time' | 'date' | 'year'): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${shape}`
  let f = formatters.get(key)
  if (!f) {
    const date = shape === 'time' ? {} : { month: 'short' as const, day: 'numeric' as const, ...(shape === 'year' && { year: 'numeric' as const }) }
    f = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit', ...date })
    formatters.set(key, f)
  }
  return f
}

/** The watermark's instant as people read it: the time alone when it is today in `timeZone`, else with the date (and the year when not this year). */
export function formatWatermark(dataRefreshedAt: string, format: DataAgeFormat): string {
  const ms = Date.parse(dataRefreshedAt)
  if (!Number.isFinite(ms)) return 'an unknown time'
  const at = zonedFields(ms, format.timeZone)
  const now = zonedFields(format.nowMs, format.timeZone)
  const sameDay = at.year === now.year && at.month === now.month && at.day === now.day
  const shape = sameDay ? 'time' : at.year === now.year ? 'date' : 'year'
  if (format.locale !== undefined) return intlFormatter(format.locale, format.timeZone, shape).format(ms)
  const time = `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`
  if (shape === 'time') return time
  return `${MONTHS[at.month - 1]} ${at.day}${shape === 'year' ? ` ${at.year}` : ''}, ${time}`
}

/**
 * "data as of 14:00" (today) or "data as of Dec 5, 14:00": the service's watermark, never the
 * sync time. Null or absent watermark: null (the caller says nothing rather than guess).
 */
export function formatDataAsOf(dataRefreshedAt: string | null | undefined, format: DataAgeFormat): string | null {
  if (dataRefreshedAt === null || dataRefreshedAt === undefined) return null
  return `data as of ${formatWatermark(dataRefreshedAt, format)}`
}

/** `formatDataAsOf` at the start of a line or label: "Data as of 14:00". */
export function formatDataAsOfSentence(dataRefreshedAt: string | null | undefined, format: DataAgeFormat): string | null {
  const text = formatDataAsOf(dataRefreshedAt, format)
  return text === null ? null : `D${text.slice(1)}`
}

/** The first local date whose figures are partial: the one containing the watermark (and every later one). Null without a watermark. */
export function firstPartialDate(dataRefreshedAt: string | null | undefined, timeZone: string): LocalDate | null {
  if (dataRefreshedAt === null || dataRefreshedAt === undefined) return null
  const ms = Date.parse(dataRefreshedAt)
  return Number.isFinite(ms) ? localDateOf(ms, timeZone) : null
}

/** Whether `date`'s figures are partial (the watermark falls in it or before it). */
export function isPartialDate(date: LocalDate, dataRefreshedAt: string | null | undefined, timeZone: string): boolean {
  const first = firstPartialDate(dataRefreshedAt, timeZone)
  return first !== null && date >= first
}

/**
 * What to say about a range whose last days are partial: "today so far" when the partial day is
 * today, "Dec 5 onward so far" when the watermark lags behind a day or more; null when the range
 * ends before the partial day or there is no watermark.
 */
export function partialRangeNote(range: LocalRange, dataRefreshedAt: string | null | undefined, format: DataAgeFormat): string | null {
  const first = firstPartialDate(dataRefreshedAt, format.timeZone)
  if (first === null || range.to < first) return null
  const today = localDateOf(format.nowMs, format.timeZone)
  if (first >= today) return 'today so far'
  const [, month, day] = first.split('-').map(Number)
  return `${MONTHS[(month ?? 1) - 1]} ${day} onward so far`
}

/**
 * The end of the complete hours: the start of the hour containing the watermark (before `nowMs`),
 * else the start of the current hour. A projection stops here, so a partial hour is left out
 * rather than counted as a slow one.
 */
export function completeHoursEndMs(nowMs: number, dataRefreshedAt?: string | null): number {
  const watermark = dataRefreshedAt === null || dataRefreshedAt === undefined ? Number.NaN : Date.parse(dataRefreshedAt)
  const end = Number.isFinite(watermark) ? Math.min(nowMs, watermark) : nowMs
  return Math.floor(end / HOUR_MS) * HOUR_MS
}
