import type { Manifest } from './usage-manifest'

/** One report window to fetch: [fromHour, toHour) in hours since the epoch (UTC). */
export interface Window {
  readonly kind: 'daily' | 'hourly'
  readonly fromHour: number
  readonly toHour: number
}

/** How far back and how fine the cache goes. */
export interface PlanOptions {
  /** Days of history the cache keeps, today included (90). */
  readonly historyDays: number
  /** Hours at the end that are kept hourly, because they can still change (48). */
  readonly trailingHours: number
  /** The API's largest range per request, in days (31). */
  readonly maxWindowDays: number
}

/** The defaults: 90 days of history, the last 48 hours hourly (they can still change), 31-day requests (the API's limit). */
export const DEFAULT_PLAN: PlanOptions = { historyDays: 90, trailingHours: 48, maxWindowDays: 31 }

/** What one sync does: the hourly trailing window (always), then the daily windows the cache lacks, newest first. */
export interface SyncPlan {
  readonly hourly: Window
  readonly daily: readonly Window[]
  /** Hourly segment files the new hourly window replaces. */
  readonly replaceHourly: readonly string[]
}

/**
 * Plans a sync. Hours from UTC midnight before `now − trailingHours` are fetched hourly every
 * time (they can still change); older days are fetched daily once, in windows of at most
 * `maxWindowDays`, and only where no daily segment covers them already. Right after a full
 * sync the plan is just the trailing window.
 */
export function planSync(manifest: Manifest | null, nowMs: number, options: PlanOptions = DEFAULT_PLAN): SyncPlan {
  const nowHour = Math.floor(nowMs / 3_600_000)
  const todayDay = Math.floor(nowHour / 24)
  const hourlyFromDay = Math.floor((nowHour - options.trailingHours) / 24)
  const historyFromDay = todayDay - (options.historyDays - 1)
  const covered = new Set<number>()
  for (const s of manifest?.segments ?? []) {
    if (s.kind !== 'daily') continue
    for (let d = Math.ceil(s.fromHour / 24); d < Math.floor(s.toHour / 24); d++) covered.add(d)
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
    if (covered.has(d)) flush(d + 1)
    else if (runEnd === null) runEnd = d + 1
  }
  flush(historyFromDay)
  return {
    hourly: { kind: 'hourly', fromHour: hourlyFromDay * 24, toHour: nowHour },
    daily,
    replaceHourly: (manifest?.segments ?? []).filter((s) => s.kind === 'hourly').map((s) => s.file),
  }
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
