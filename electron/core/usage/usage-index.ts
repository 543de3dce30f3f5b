import type { SegmentColumns } from './segment-codec'
import { NUMERIC_COUNT } from './usage-row'

/** Sums of one group over a range: the six numeric metrics and the cost in micro-cents. */
export interface Totals {
  readonly numbers: Float64Array
  cost: bigint
}

/** A zeroed Totals. */
export const emptyTotals = (): Totals => ({ numbers: new Float64Array(NUMERIC_COUNT), cost: 0n })

/** Adds `b` into `a`. */
export function addTotals(a: Totals, b: Totals): void {
  for (let i = 0; i < NUMERIC_COUNT; i++) a.numbers[i]! += b.numbers[i]!
  a.cost += b.cost
}

/** One (API key, workspace, model, actor, product) the cache has usage for ('' where the API named none). */
export interface Series {
  readonly apiKeyId: string
  readonly workspaceId: string
  readonly model: string
  readonly actorId: string
  readonly product: string
}

/** Prefix sums over one time axis: for series s, bucket b: `prefix[s * (n + 1) + b]`. */
interface Axis {
  readonly fromHour: number
  readonly bucketHours: number
  readonly buckets: number
  readonly numbers: Float64Array[]
  readonly cost: BigInt64Array
}

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/**
 * The in-memory index over an org's cache: per (key, workspace, model, actor, product) series, prefix sums of
 * every metric over UTC days (history) and hours (the trailing window), so any range total is two
 * subtractions per series. Daily rows at or after the hourly window's start are ignored: the
 * hourly window supersedes them, which is what keeps the two resolutions from double counting.
 */
export class UsageIndex {
  readonly series: Series[] = []
  /** First hour with data, the hourly window's start, and the end of synced data (exclusive). */
  readonly dataFromHour: number
  readonly hourlyFromHour: number
  readonly syncedToHour: number
  private readonly daily: Axis
  private readonly hourly: Axis

  constructor(segments: readonly SegmentColumns[]) {
    const hourlySeg = segments.filter((s) => s.kind === 'hourly').sort((a, b) => b.fromHour - a.fromHour)[0]
    const dailySegs = segments.filter((s) => s.kind === 'daily')
    const dailyEnd = Math.max(0, ...dailySegs.map((s) => s.toHour))
    this.hourlyFromHour = hourlySeg ? hourlySeg.fromHour : dailyEnd
    this.syncedToHour = hourlySeg ? hourlySeg.toHour : dailyEnd
    const dailyFrom = Math.min(this.hourlyFromHour, ...dailySegs.map((s) => s.fromHour))
    this.dataFromHour = segments.length === 0 ? 0 : dailyFrom
    const ids = new Map<string, number>()
    const seriesOf = (seg: SegmentColumns): Int32Array => {
      const local = new Int32Array(seg.rows)
      for (let i = 0; i < seg.rows; i++) {
        const k = seg.strings[seg.key[i]!] ?? ''
        const w = seg.strings[seg.workspace[i]!] ?? ''
        const m = seg.strings[seg.model[i]!] ?? ''
        const a = seg.strings[seg.actor[i]!] ?? ''
        const p = seg.strings[seg.product[i]!] ?? ''
        const id = `${k}\u0000${w}\u0000${m}\u0000${a}\u0000${p}`
        let s = ids.get(id)
        if (s === undefined) {
          s = this.series.length
          ids.set(id, s)
          this.series.push({ apiKeyId: k, workspaceId: w, model: m, actorId: a, product: p })
        }
        local[i] = s
      }
      return local
    }
    // Two processes (the app and `keyward sync`) may both commit a window for the same days; each
    // is whole, so per day the first segment that covers it is used and any other is skipped.
    const ownerOfDay = new Map<number, number>()
    dailySegs.forEach((seg, i) => {
      for (let d = Math.ceil(seg.fromHour / 24); d < Math.floor(seg.toHour / 24); d++) if (!ownerOfDay.has(d)) ownerOfDay.set(d, i)
    })
    const dailyLocal = dailySegs.map(seriesOf)
    const hourlyLocal = hourlySeg ? seriesOf(hourlySeg) : new Int32Array(0)
    this.daily = this.buildAxis(
      dailyFrom,
      24,
      Math.max(0, (this.hourlyFromHour - dailyFrom) / 24),
      dailySegs.map((seg, i) => ({ seg, local: dailyLocal[i]!, keep: (hour: number) => ownerOfDay.get(Math.floor(hour / 24)) === i })),
    )
    this.hourly = this.buildAxis(this.hourlyFromHour, 1, Math.max(0, this.syncedToHour - this.hourlyFromHour), hourlySeg ? [{ seg: hourlySeg, local: hourlyLocal }] : [])
  }

  private buildAxis(fromHour: number, bucketHours: number, buckets: number, parts: Array<{ seg: SegmentColumns; local: Int32Array; keep?: (hour: number) => boolean }>): Axis {
    const width = buckets + 1
    const size = this.series.length * width
    const numbers = Array.from({ length: NUMERIC_COUNT }, () => new Float64Array(size))
    const cost = new BigInt64Array(size)
    for (const { seg, local, keep } of parts) {
      for (let i = 0; i < seg.rows; i++) {
        const b = Math.floor((seg.start[i]! - fromHour) / bucketHours)
        if (b < 0 || b >= buckets || (keep && !keep(seg.start[i]!))) continue
        const at = local[i]! * width + b + 1
        for (let m = 0; m < NUMERIC_COUNT; m++) numbers[m]![at]! += seg.numbers[m * seg.rows + i]!
        cost[at]! += seg.cost[i]!
      }
    }
    for (let s = 0; s < this.series.length; s++) {
      const base = s * width
      for (let b = 1; b < width; b++) {
        for (let m = 0; m < NUMERIC_COUNT; m++) numbers[m]![base + b]! += numbers[m]![base + b - 1]!
        cost[base + b]! += cost[base + b - 1]!
      }
    }
    return { fromHour, bucketHours, buckets, numbers, cost }
  }

  /**
   * Snaps an instant to the cache's resolution: inside the hourly window, down to the hour; before
   * it, to the nearest UTC midnight (so a local day maps onto the UTC day it mostly overlaps).
   * Monotone, so consecutive local days partition a range exactly.
   */
  snap(ms: number): number {
    if (ms >= this.hourlyFromHour * HOUR_MS) return Math.min(Math.floor(ms / HOUR_MS), this.syncedToHour)
    return Math.min(Math.round(ms / DAY_MS) * 24, this.hourlyFromHour)
  }

  /** The hours [from, to) a range of instants covers once snapped and clipped to what was synced. */
  cover(startMs: number, endMs: number): { fromHour: number; toHour: number } {
    const fromHour = Math.max(this.snap(startMs), this.dataFromHour)
    const toHour = Math.max(fromHour, Math.min(this.snap(endMs), this.syncedToHour))
    return { fromHour, toHour }
  }

  private addAxis(axis: Axis, s: number, fromHour: number, toHour: number, out: Totals): void {
    const a = Math.max(0, Math.min(axis.buckets, Math.ceil((fromHour - axis.fromHour) / axis.bucketHours)))
    const b = Math.max(a, Math.min(axis.buckets, Math.floor((toHour - axis.fromHour) / axis.bucketHours)))
    if (a === b) return
    const width = axis.buckets + 1
    const base = s * width
    for (let m = 0; m < NUMERIC_COUNT; m++) out.numbers[m]! += axis.numbers[m]![base + b]! - axis.numbers[m]![base + a]!
    out.cost += axis.cost[base + b]! - axis.cost[base + a]!
  }

  /** Adds series `s` over the snapped hours [fromHour, toHour) into `out`. */
  addSeries(s: number, fromHour: number, toHour: number, out: Totals): void {
    this.addAxis(this.daily, s, fromHour, Math.min(toHour, this.hourlyFromHour), out)
    this.addAxis(this.hourly, s, Math.max(fromHour, this.hourlyFromHour), toHour, out)
  }

  /** Totals per group over snapped hours; `groupOf` names a series' group, or null to leave it out. */
  group(fromHour: number, toHour: number, groupOf: (s: number) => string | null): Map<string, Totals> {
    const out = new Map<string, Totals>()
    for (let s = 0; s < this.series.length; s++) {
      const g = groupOf(s)
      if (g === null) continue
      let t = out.get(g)
      if (!t) {
        t = emptyTotals()
        out.set(g, t)
      }
      this.addSeries(s, fromHour, toHour, t)
    }
    return out
  }

  /** The last bucket of series `s` with any usage (tokens, requests or cost): its start hour and width; null when none. */
  lastActive(s: number): { hour: number; bucketHours: number } | null {
    return lastBucket(this.hourly, s) ?? lastBucket(this.daily, s)
  }

  /** Series indexes of one actor (a person, service account, key or federated identity). */
  seriesOfActor(actorId: string): number[] {
    const out: number[] = []
    this.series.forEach((s, i) => {
      if (s.actorId === actorId) out.push(i)
    })
    return out
  }

  /** Series indexes of one API key. */
  seriesOfKey(apiKeyId: string): number[] {
    const out: number[] = []
    this.series.forEach((s, i) => {
      if (s.apiKeyId === apiKeyId) out.push(i)
    })
    return out
  }
}

/** The last bucket of series `s` on `axis` whose prefix sums step up, as a start hour and width. */
function lastBucket(axis: Axis, s: number): { hour: number; bucketHours: number } | null {
  const base = s * (axis.buckets + 1)
  for (let b = axis.buckets; b >= 1; b--) {
    let used = axis.cost[base + b] !== axis.cost[base + b - 1]
    for (let m = 0; !used && m < NUMERIC_COUNT; m++) used = axis.numbers[m]![base + b] !== axis.numbers[m]![base + b - 1]
    if (used) return { hour: axis.fromHour + (b - 1) * axis.bucketHours, bucketHours: axis.bucketHours }
  }
  return null
}

/** Cost of series `s` in each hour of [fromHour, toHour), clipped to the hourly window (hours outside it are 0n). */
export function hourlyCosts(index: UsageIndex, s: number, fromHour: number, toHour: number): bigint[] {
  const out: bigint[] = []
  const one = emptyTotals()
  for (let h = fromHour; h < toHour; h++) {
    one.cost = 0n
    if (h >= index.hourlyFromHour && h < index.syncedToHour) index.addSeries(s, h, h + 1, one)
    out.push(one.cost)
  }
  return out
}
