/**
 * Refreshes and late events: how the emulator's reports change after they were first served.
 *
 * The service refreshes its reports from time to time; each refresh moves the watermark
 * (`data_refreshed_at`) forward, and until about a week after a month ends its days keep
 * changing as late events arrive. Here, refresh 0 is the state at start-up (watermark: the start
 * of the refresh period that contains the start-up instant); further refreshes happen every
 * `everyMinutes` of the emulator's clock (on period boundaries) and whenever a test calls
 * `revise()`. At refresh k each day of an OPEN month (see `isOpenDay`) is revised with chance
 * `share`, by a factor 1 ± (0.5 … maxPercent)%; a day's factor as of refresh r is the product of
 * its revisions up to r, and the usage generator scales every cell of that day by it (integer
 * tokens, so every view stays exact). Everything is a hash of (seed, day, k): the same seed and
 * the same refresh times give the same revisions.
 */
import { hash32, unit } from './prng'
import { HOUR_MS, HOURS_PER_DAY } from './time'

const DAY_MS = HOURS_PER_DAY * HOUR_MS
const MINUTE_MS = 60_000

/** Days after a month's end during which its usage may still change: last month is open until the 8th. */
export const OPEN_GRACE_DAYS = 7

/** How often the reports refresh and how much each refresh revises. */
export interface RevisionOptions {
  /** Minutes of the emulator's clock between automatic refreshes (default 60: the watermark moves every hour). */
  readonly everyMinutes: number
  /** Share of the open days each refresh revises, 0..1 (default 0.3; 0 moves the watermark without revising). */
  readonly share: number
  /** Largest change of one revision, in percent (default 4). */
  readonly maxPercent: number
}

/** The defaults `startEmulator` uses. */
export const DEFAULT_REVISIONS: RevisionOptions = { everyMinutes: 60, share: 0.3, maxPercent: 4 }

/** What a report, a spend reading or the ground truth sees as of one refresh. */
export interface AsOf {
  /** The refresh index (0 = start-up). */
  readonly refresh: number
  /** `data_refreshed_at`, in ms. */
  readonly watermarkMs: number
  /** Hours before this are reported (whole hours that ended at or before the watermark); later usage is not reported yet. */
  readonly reportedToHour: number
  /** The revision factor of a UTC day (days since the epoch) as of this refresh; 1 when never revised. */
  factorOfDay(day: number): number
}

/** Whether usage on `day` (days since the epoch) may still change at instant `atMs`: it has begun, and its month is this one or last month within the grace. */
export function isOpenDay(day: number, atMs: number): boolean {
  if (day * DAY_MS >= atMs) return false
  const d = new Date(day * DAY_MS)
  const at = new Date(atMs)
  const months = (at.getUTCFullYear() - d.getUTCFullYear()) * 12 + (at.getUTCMonth() - d.getUTCMonth())
  return months === 0 || (months === 1 && at.getUTCDate() <= OPEN_GRACE_DAYS)
}

/** The refresh history of one emulator: append-only, so any earlier refresh can still be read. */
export class RefreshSchedule {
  /** Watermark (ms) of each refresh; index 0 is the start-up state. */
  private readonly times: number[]
  private readonly everyMs: number
  private readonly memo = new Map<number, { refresh: number; factor: number }>()

  constructor(
    private readonly seed: number,
    startMs: number,
    readonly options: RevisionOptions = DEFAULT_REVISIONS,
  ) {
    if (!(options.everyMinutes > 0)) throw new Error('revisions.everyMinutes: must be a positive number of minutes.')
    if (!(options.share >= 0 && options.share <= 1)) throw new Error('revisions.share: must be between 0 and 1.')
    if (!(options.maxPercent > 0 && options.maxPercent < 50)) throw new Error('revisions.maxPercent: must be above 0 and below 50.')
    this.everyMs = options.everyMinutes * MINUTE_MS
    this.times = [Math.floor(startMs / this.everyMs) * this.everyMs]
  }

  /** Adds the automatic refreshes due by `nowMs` (period boundaries after the last refresh) and returns the latest index. */
  advance(nowMs: number): number {
    let last = this.times[this.times.length - 1]!
    for (let next = (Math.floor(last / this.everyMs) + 1) * this.everyMs; next <= nowMs; next += this.everyMs) {
      this.times.push(next)
      last = next
    }
    return this.times.length - 1
  }

  /** Refreshes now, on demand: the watermark moves to `nowMs`, or one second past the last watermark when the clock has not moved (a pinned test clock). */
  revise(nowMs: number): number {
    this.advance(nowMs)
    const last = this.times[this.times.length - 1]!
    this.times.push(Math.max(Math.floor(nowMs / 1000) * 1000, Math.floor(last / 1000) * 1000 + 1000))
    return this.times.length - 1
  }

  /** The latest refresh index (without advancing the clock). */
  get latest(): number {
    return this.times.length - 1
  }

  /** The watermark of a refresh, in ms. */
  watermarkOf(refresh: number): number {
    const t = this.times[refresh]
    if (t === undefined) throw new Error(`No refresh ${refresh}: the latest is ${this.latest}.`)
    return t
  }

  /** The refresh whose watermark is this `data_refreshed_at` (the latest such), or null. */
  refreshAt(watermark: string | number | Date): number | null {
    const ms = new Date(watermark).getTime()
    for (let k = this.times.length - 1; k >= 0; k--) if (this.times[k] === ms) return k
    return null
  }

  /** The view as of a refresh (default: the latest). */
  asOf(refresh = this.latest): AsOf {
    const watermarkMs = this.watermarkOf(refresh)
    const factors = new Map<number, number>() // per view: the ground truth asks once per cell
    const factorOfDay = (day: number): number => {
      let f = factors.get(day)
      if (f === undefined) factors.set(day, (f = this.factorOf(day, refresh)))
      return f
    }
    return { refresh, watermarkMs, reportedToHour: Math.floor(watermarkMs / HOUR_MS), factorOfDay }
  }

  /** Whether refresh k revises `day`, and by what factor (1 when not). */
  revisionAt(day: number, k: number): number {
    if (k <= 0 || !isOpenDay(day, this.watermarkOf(k))) return 1
    const h = hash32(this.seed, 0x7e715e, day, k)
    if (unit(h) >= this.options.share) return 1
    const size = 0.5 + (this.options.maxPercent - 0.5) * unit(hash32(h, 1))
    return 1 + ((hash32(h, 2) & 1) === 0 ? size : -size) / 100
  }

  /** A day's factor as of refresh r: the product of its revisions 1..r (memoised forward per day). */
  factorOf(day: number, refresh: number): number {
    const m = this.memo.get(day)
    let k = 0
    let factor = 1
    if (m && m.refresh <= refresh) ({ refresh: k, factor } = m)
    for (k += 1; k <= refresh; k++) factor *= this.revisionAt(day, k)
    if (!m || m.refresh < refresh) this.memo.set(day, { refresh, factor })
    return factor
  }
}
