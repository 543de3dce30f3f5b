/*
 * Spike detection, pure: given each subject's (key's, person's) spend per UTC hour, find the hours
 * far above that subject's own baseline. Hours are UTC hours since the epoch, so month ends and
 * DST changes are nothing special here.
 */

/** The rule a spike must break: more than `multiplier` × the baseline hour, and at least `minMicro`. */
export interface SpikeThreshold {
  /** E.g. 5 for "more than 5× the median hour"; compared exactly to two decimal places. */
  readonly multiplier: number
  /** The smallest hour that counts, in micro-cents (a $0.50 hour at 50× a $0.01 median is no news). */
  readonly minMicro: bigint
}

/** One subject's spend per hour, `costs[i]` being hour `fromHour + i`. */
export interface SubjectHours {
  readonly id: string
  readonly fromHour: number
  readonly costs: readonly bigint[]
}

/** A spike: which subject, which hour, what it cost and the baseline it broke (micro-cents). */
export interface DetectedSpike {
  readonly id: string
  readonly hour: number
  readonly cost: bigint
  readonly baseline: bigint
}

/** How much history the baseline looks at. */
export const BASELINE = {
  /** The trailing hours whose median is the baseline. */
  hours: 48,
  /** An hour is checked only with at least this many trailing hours of data before it. */
  minHistoryHours: 24,
  /** With fewer hours of spend than this in the trailing window, the baseline is zero: the minimum alone decides. */
  minActiveHours: 3,
} as const

/** The median of some bigints (the lower middle's and upper middle's mean, rounded down, for an even count). */
export function medianOf(values: readonly bigint[]): bigint {
  if (values.length === 0) return 0n
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2n
}

/**
 * A subject's baseline for the hour at `costs[i]`: the median of its hours *with spend* among the
 * BASELINE.hours before it. Idle hours are left out: a key that runs two hours a day would
 * otherwise have a zero median and "spike" every time it runs. Too little spend to go on (no
 * history, a new key, all zeros) gives a zero baseline.
 */
export function baselineAt(costs: readonly bigint[], i: number): bigint {
  const active = costs.slice(Math.max(0, i - BASELINE.hours), i).filter((c) => c > 0n)
  return active.length < BASELINE.minActiveHours ? 0n : medianOf(active)
}

/** True when `cost` is above `multiplier` × `baseline` (exactly, to 1/100 of the multiplier) and at least the minimum. */
export function breaks(cost: bigint, baseline: bigint, threshold: SpikeThreshold): boolean {
  return cost >= threshold.minMicro && cost > 0n && cost * 100n > BigInt(Math.round(threshold.multiplier * 100)) * baseline
}

/** Every hour of every subject that breaks `threshold`, oldest first; only hours with BASELINE.minHistoryHours of data before them are checked. */
export function detectSpikes(subjects: readonly SubjectHours[], threshold: SpikeThreshold): DetectedSpike[] {
  const found: DetectedSpike[] = []
  for (const subject of subjects) {
    for (let i = BASELINE.minHistoryHours; i < subject.costs.length; i++) {
      const cost = subject.costs[i]!
      if (cost < threshold.minMicro) continue
      const baseline = baselineAt(subject.costs, i)
      if (breaks(cost, baseline, threshold)) found.push({ id: subject.id, hour: subject.fromHour + i, cost, baseline })
    }
  }
  return found.sort((a, b) => a.hour - b.hour || a.id.localeCompare(b.id))
}
