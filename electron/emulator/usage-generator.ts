/**
 * Lazy usage for the demo org. Every (key, model, hour) cell is a pure function of
 * (seed, key index, model index, hour): a hash decides whether the key was busy that hour and
 * how many tokens of each type it used, and the cost is tokens × list price in integer
 * micro-cents. Nothing is stored per row; the only cache is per-UTC-day sums of the raw cells
 * (one small Float64Array per day across all (key, model) pairs), which makes a 90-day sync of
 * a 2,000-key org cheap. Because every aggregate is a sum of the same integer cells, reports
 * grouped any way agree exactly.
 */
import { MODELS } from './models'
import type { ApiKeyRecord } from './org-state'
import { hash32, unit } from './prng'
import type { AsOf } from './revisions'
import { HOURS_PER_DAY } from './time'

/** Slots of a metrics vector. Tokens, requests and cost (micro-cents) are all integers. */
export const M = {
  uncached: 0,
  cacheWrite5m: 1,
  cacheWrite1h: 2,
  cacheRead: 3,
  output: 4,
  requests: 5,
  cost: 6,
} as const
/** Length of a metrics vector. */
export const METRIC_COUNT = 7

/** A metrics vector: integer token counts, request count and cost in micro-cents. */
export type Metrics = Float64Array

/** A zeroed metrics vector. */
export const emptyMetrics = (): Metrics => new Float64Array(METRIC_COUNT)

/** Largest per-cell token counts; with the priciest model a cell costs at most ~1e8 µ¢ ($1), so 26M cells sum exactly in a double. */
const CAP = { uncached: 20_000, cacheWrite5m: 10_000, cacheWrite1h: 5_000, cacheRead: 100_000, output: 4_000 }

/** The fewest days the day cache keeps, whatever their size: a week and a day. */
export const MIN_CACHED_DAYS = 8

/** Relative busyness by UTC hour of day (a working day centred on the afternoon UTC). */
const DIURNAL = [0.25, 0.2, 0.15, 0.15, 0.15, 0.2, 0.3, 0.45, 0.6, 0.75, 0.85, 0.9, 0.95, 1, 1, 1, 0.95, 0.9, 0.8, 0.65, 0.5, 0.4, 0.35, 0.3]

/** Per-key traits, derived from (seed, key index) alone. */
interface KeyProfile {
  /** Bit m set when the key uses model m. */
  readonly modelMask: number
  /** Chance of any usage in a busy hour, 0.1..0.9. */
  readonly activity: number
  /** Token volume scale, 0.05..1. */
  readonly intensity: number
  readonly usesCache: boolean
  readonly usesLongCache: boolean
}

/**
 * A runaway-script hour: in `hour`, key `keyIndex` runs every model it uses flat out, `factor`
 * times its token caps (factor 200 costs over $10 per model even on the cheapest), so spike
 * detection has something to find. Only the cell changes; every report and sum agrees with it.
 */
export interface RunawayHour {
  readonly keyIndex: number
  readonly hour: number
  readonly factor: number
}

/** Computes usage cells and range sums for one seed. */
export class UsageGenerator {
  private readonly profiles: KeyProfile[] = []
  /** Per-UTC-day sums of every (key, model) pair, with the revision factor they were summed at. */
  private readonly dayCache = new Map<number, { factor: number; sums: Float64Array }>()
  /** First metrics slot of each key's pairs inside a day-cache array; append-only, so old arrays stay valid. */
  private readonly pairOffset: number[] = []
  private pairCount = 0

  constructor(
    readonly seed: number,
    private readonly maxCachedDays = 120,
    /** The runaway-script hour, if the emulator was asked for one. */
    readonly runaway: RunawayHour | null = null,
    /**
     * Bytes the day cache may hold; a large org keeps fewer days, never fewer than `MIN_CACHED_DAYS`.
     * A report sums one day at a time and is itself cached, so the day cache only saves work when
     * several different reports read the same days.
     */
    private readonly maxCachedBytes = 32 * 1024 * 1024,
  ) {}

  /** The key's traits (cached per key index; a handful of numbers per key, not per row). */
  profile(index: number): KeyProfile {
    let p = this.profiles[index]
    if (p === undefined) {
      for (let i = this.profiles.length; i <= index; i++) this.profiles.push(makeProfile(this.seed, i))
      p = this.profiles[index] as KeyProfile
    }
    return p
  }

  /** Whether the key uses this model at all. */
  usesModel(index: number, model: number): boolean {
    return (this.profile(index).modelMask & (1 << model)) !== 0
  }

  /**
   * Adds the cell for (key, model, hour) into `out` (ignoring key windows), its tokens and requests
   * scaled by the day's revision `factor` (late events; see revisions.ts) and floored to integers,
   * its cost priced from those tokens. Returns false for an idle hour.
   */
  addCell(index: number, model: number, hour: number, out: Metrics, at = 0, factor = 1): boolean {
    const p = this.profile(index)
    if ((p.modelMask & (1 << model)) === 0) return false
    const h0 = hash32(this.seed, index, model, hour)
    const hourOfDay = ((hour % 24) + 24) % 24
    const weekday = (Math.floor(hour / 24) + 4) % 7 // 1970-01-01 was a Thursday; 0 = Sunday
    const busy = (DIURNAL[hourOfDay] ?? 0.5) * (weekday === 0 || weekday === 6 ? 0.4 : 1)
    const runaway = this.runaway !== null && this.runaway.keyIndex === index && this.runaway.hour === hour
    if (!runaway && unit(h0) >= p.activity * busy) return false
    const f = runaway ? (this.runaway?.factor ?? 1) : p.intensity * (0.25 + 0.75 * unit(hash32(h0, 1)))
    const share = (n: number): number => (runaway ? 1 : unit(hash32(h0, n)))
    const revised = (n: number): number => (factor === 1 ? n : Math.floor(n * factor))
    const uncached = revised(Math.floor(CAP.uncached * f * share(2)))
    const output = revised(Math.floor(CAP.output * f * share(3)))
    const cacheRead = p.usesCache ? revised(Math.floor(CAP.cacheRead * f * share(4))) : 0
    const cw5m = p.usesCache ? revised(Math.floor(CAP.cacheWrite5m * f * share(5))) : 0
    const cw1h = p.usesLongCache ? revised(Math.floor(CAP.cacheWrite1h * f * share(6))) : 0
    const requests = Math.max(1, revised(runaway ? Math.floor(40 * f) : 1 + (hash32(h0, 7) % (1 + Math.floor(40 * f)))))
    const price = (MODELS[model] ?? MODELS[0])!.price
    out[at + M.uncached]! += uncached
    out[at + M.cacheWrite5m]! += cw5m
    out[at + M.cacheWrite1h]! += cw1h
    out[at + M.cacheRead]! += cacheRead
    out[at + M.output]! += output
    out[at + M.requests]! += requests
    out[at + M.cost]! += uncached * price.uncachedInput + cw5m * price.cacheWrite5m + cw1h * price.cacheWrite1h + cacheRead * price.cacheRead + output * price.output
    return true
  }

  /**
   * Adds the key's usage of one model over hours [from, to) into `out`, clipped to the key's
   * usage window, the data window [dataStart, …) and `asOf.reportedToHour` (usage after the
   * watermark is not reported yet), each day revised as of `asOf`. Whole UTC days come from the
   * day cache; ragged ends are summed by hour.
   */
  addRange(key: Pick<ApiKeyRecord, 'index' | 'usageStartHour' | 'usageEndHour'>, model: number, from: number, to: number, clip: { dataStartHour: number; asOf: AsOf }, out: Metrics): void {
    if (!this.usesModel(key.index, model)) return
    let a = Math.max(from, key.usageStartHour, clip.dataStartHour)
    const b = Math.min(to, key.usageEndHour ?? Number.POSITIVE_INFINITY, clip.asOf.reportedToHour)
    while (a < b) {
      const factor = clip.asOf.factorOfDay(Math.floor(a / HOURS_PER_DAY))
      if (a % HOURS_PER_DAY === 0 && a + HOURS_PER_DAY <= b) {
        const day = this.daySums(a / HOURS_PER_DAY, factor)
        const at = this.slotOf(key.index, model)
        if (at + METRIC_COUNT <= day.length) {
          for (let i = 0; i < METRIC_COUNT; i++) out[i]! += day[at + i]!
          a += HOURS_PER_DAY
          continue
        }
      }
      this.addCell(key.index, model, a, out, 0, factor)
      a += 1
    }
  }

  /** Number of days whose sums are cached (for tests that check nothing is materialised up front). */
  cachedDays(): number {
    return this.dayCache.size
  }

  /** Makes sure keys up to `count` have pair slots, so day arrays built from now on include them. */
  registerKeys(count: number): void {
    for (let i = this.pairOffset.length; i < count; i++) {
      this.pairOffset.push(this.pairCount * METRIC_COUNT)
      let mask = this.profile(i).modelMask
      while (mask) {
        this.pairCount += mask & 1
        mask >>>= 1
      }
    }
  }

  private slotOf(index: number, model: number): number {
    const base = this.pairOffset[index]
    if (base === undefined) return Number.POSITIVE_INFINITY
    const mask = this.profile(index).modelMask & ((1 << model) - 1)
    let before = 0
    for (let m = mask; m; m >>>= 1) before += m & 1
    return base + before * METRIC_COUNT
  }

  private daySums(day: number, factor: number): Float64Array {
    const cached = this.dayCache.get(day)
    if (cached && cached.sums.length === this.pairCount * METRIC_COUNT && cached.factor === factor) {
      this.dayCache.delete(day)
      this.dayCache.set(day, cached)
      return cached.sums
    }
    const sums = new Float64Array(this.pairCount * METRIC_COUNT)
    const first = day * HOURS_PER_DAY
    for (let index = 0; index < this.pairOffset.length; index++) {
      for (let model = 0; model < MODELS.length; model++) {
        if (!this.usesModel(index, model)) continue
        const at = this.slotOf(index, model)
        for (let h = first; h < first + HOURS_PER_DAY; h++) this.addCell(index, model, h, sums, at, factor)
      }
    }
    this.dayCache.delete(day)
    this.dayCache.set(day, { factor, sums })
    const byteLimitDays = Math.max(MIN_CACHED_DAYS, Math.floor(this.maxCachedBytes / Math.max(1, sums.byteLength)))
    while (this.dayCache.size > Math.min(this.maxCachedDays, byteLimitDays)) {
      const oldest = this.dayCache.keys().next().value
      if (oldest !== undefined) this.dayCache.delete(oldest)
    }
    return sums
  }
}

function makeProfile(seed: number, index: number): KeyProfile {
  const h = hash32(seed, index, 0x6b6579)
  const primary = h % MODELS.length
  let mask = 1 << primary
  if (unit(hash32(h, 1)) < 0.5) mask |= 1 << (hash32(h, 2) % MODELS.length)
  if (unit(hash32(h, 3)) < 0.2) mask |= 1 << (hash32(h, 4) % MODELS.length)
  const usesCache = unit(hash32(h, 6)) < 0.6
  return {
    modelMask: mask,
    activity: 0.1 + 0.8 * unit(hash32(h, 5)),
    intensity: 0.05 + 0.95 * unit(hash32(h, 7)) ** 2,
    usesCache,
    usesLongCache: usesCache && unit(hash32(h, 8)) < 0.4,
  }
}
