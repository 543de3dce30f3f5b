import { DEFAULT_GRACE_DAYS } from './revision-grace'
import type { FetchedDay } from './store/usage-store'

/** One report window to fetch: [fromHour, toHour) in hours since the epoch (UTC). */
export interface Window {
  readonly kind: 'daily' | 'hourly'
  readonly fromHour: number
  readonly toHour: number
}

/** How far back and how fine the cache goes, and how long a month stays open to revisions. */
export interface PlanOptions {
  /** Days of history the cache keeps, today included (90). */
  readonly historyDays: number
  /** Hours at the end that are kept hourly, because they can still change (48). */
  readonly trailingHours: number
  /** The API's largest range per request, in days (31). */
  readonly maxWindowDays: number
  /**
   * Until which day of a month the previous month is still open (8): the service revises a day's
   * figures until about 7 days after the end of its month, so those days are fetched again.
   */
  readonly graceDays: number
  /** An open day is fetched again at least this often, even when the watermark did not move (24 h). */
  readonly refetchAfterMs: number
}

/** The defaults: 90 days of history, the last 48 hours hourly, 31-day requests (the API's limit), last month open until the 8th, open days at least daily. */
export const DEFAULT_PLAN: PlanOptions = { historyDays: 90, trailingHours: 48, maxWindowDays: 31, graceDays: DEFAULT_GRACE_DAYS, refetchAfterMs: 24 * 3_600_000 }

/** The earliest day (days since the epoch) the Admin API reports on: it refuses a `starting_at` before 2026-01-01T00:00Z. */
export const API_EARLIEST_DAY = Date.UTC(2026, 0, 1) / 86_400_000

/** How far back the Admin API reports, in days: it refuses a `starting_at` more than 365 days before now. */
export const API_MAX_DAYS_BACK = 365

/**
 * The first day (days since the epoch) a sync at `nowMs` asks for: `historyDays` back, today
 * included, but never a day the API refuses, so that no request is a 400: not before
 * 2026-01-01T00:00Z, and not a midnight more than 365 days before `nowMs`.
 */
export function firstHistoryDay(nowMs: number, historyDays: number): number {
  const todayDay = Math.floor(nowMs / 86_400_000)
  const withinReach = Math.ceil((nowMs - API_MAX_DAYS_BACK * 86_400_000) / 86_400_000)
  return Math.max(todayDay - (historyDays - 1), API_EARLIEST_DAY, withinReach)
}

/**
 * The hourly trailing window of a sync at `nowMs`: from the UTC midnight before `now − trailingHours`
 * (or the first day the API reports on, if later; see `firstHistoryDay`) to the current hour.
 */
export function hourlyWindow(nowMs: number, options: PlanOptions = DEFAULT_PLAN): Window {
  const nowHour = Math.floor(nowMs / 3_600_000)
  const fromHour = Math.floor((nowHour - options.trailingHours) / 24) * 24
  return { kind: 'hourly', fromHour: Math.max(fromHour, firstHistoryDay(nowMs, options.historyDays) * 24), toHour: nowHour }
}

/** The first day (days since the epoch) of the earliest month still open at `nowMs`: this month, or last month until day `graceDays`. */
export function firstOpenDay(nowMs: number, graceDays: number): number {
  const now = new Date(nowMs)
  const year = now.getUTCFullYear()
  const month = now.getUTCMonth()
  const from = now.getUTCDate() <= graceDays ? Date.UTC(year, month - 1, 1) : Date.UTC(year, month, 1)
  return from / 86_400_000
}

/**
 * The daily windows a sync fetches after the hourly one, newest first: every day of the history
 * (90 days, but never before 2026-01-01 nor more than 365 days back: the API refuses those
 * ranges with a 400, see `firstHistoryDay`) before the hourly window that was never fetched, and every day of an open month whose
 * recorded watermark is behind `watermark` (the service refreshed since) or that was fetched more
 * than `refetchAfterMs` ago. Closed months are final and never fetched again. Consecutive days go
 * in one window of at most `maxWindowDays`. Right after a sync with no watermark move the plan is empty.
 */
export function planDaily(fetched: ReadonlyMap<number, FetchedDay>, watermark: string | null, nowMs: number, options: PlanOptions = DEFAULT_PLAN): Window[] {
  const hourlyFromDay = hourlyWindow(nowMs, options).fromHour / 24
  const historyFromDay = firstHistoryDay(nowMs, options.historyDays)
  const openFrom = firstOpenDay(nowMs, options.graceDays)
  const wanted = (day: number): boolean => {
    const seen = fetched.get(day)
    if (!seen) return true
    if (day < openFrom) return false
    if (watermark !== null && (seen.watermark === null || Date.parse(seen.watermark) < Date.parse(watermark))) return true
    return nowMs - Date.parse(seen.fetchedAt) >= options.refetchAfterMs
  }
  const daily: Window[] = []
  let runEnd: number | null = null
  const flush = (runStart: number): void => {
    if (runEnd === null) return
    for (let end = runEnd; end > runStart; end -= options.maxWindowDays) {
      const start = Math.max(runStart, end - options.maxWindowDays)
      daily.push({ kind: 'daily', fromHour: start * 24, toHour: end * 24 })
    }
    runEnd = null
  }
  for (let d = hourlyFromDay - 1; d >= historyFromDay; d--) {
    if (!wanted(d)) flush(d + 1)
    else if (runEnd === null) runEnd = d + 1
  }
  flush(historyFromDay)
  return daily
}

/**
 * The fewest report requests a sync can take, from the API's limits: a request covers at most 31
 * days and returns at most 1,000 rows (`limit`), and usage and cost are two reports. A 90-day sync
 * is one hourly window for the trailing 48 hours (from UTC midnight, at most 3 days) plus
 * ceil(87..88 / 31) = 3 daily windows, so at least 4 windows × 2 reports = 8 requests, and in all
 * 2 × Σ over windows of ceil(rows / 1000), where a window's rows are its (bucket × key ×
 * workspace × model × actor × product) cells: the API returns one row per combination, every
 * combination across pages. Asking for actor and product in the same report as key, workspace
 * and model adds only the rows of usage no key authenticated; a separate actor × product report
 * would add at least 2 requests per window on top. This returns the page part for given rows.
 */
export function minimumPages(rowsPerWindow: readonly number[], pageSize: number): number {
  return rowsPerWindow.reduce((n, rows) => n + Math.max(1, Math.ceil(rows / pageSize)), 0)
}
