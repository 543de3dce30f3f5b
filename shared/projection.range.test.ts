import { describe, expect, it } from 'vitest'
import { MIN_ELAPSED_MS, formatProjectedRange, monthBounds, projectRange, roundingStep } from './projection'

const at = (iso: string) => Date.parse(iso)
const DOLLAR = 100_000_000n
const DAY = 86_400_000

/** A month of April 2027 in UTC (30 days), covered up to `to`, with `mtd` dollars so far and `trailing` dollars over the 7 days before `to`. */
function april(to: string, mtd: bigint, trailing: bigint, trailingDays = 7) {
  const { startMs, endMs } = monthBounds(at(to), 'UTC')
  return projectRange({ monthToDate: mtd * DOLLAR, monthFromMs: startMs, coveredToMs: at(to), monthEndMs: endMs, trailing: trailing * DOLLAR, trailingFromMs: at(to) - trailingDays * DAY })
}

describe('month-end projection as a range', () => {
  it('runs from the slower pace to the faster, exactly', () => {
    // Half of April gone, $150 spent ($10/day); the last week ran at $20/day: $150 + 15 × 10 … 15 × 20.
    const p = april('2027-04-16T00:00:00Z', 150n, 140n)
    expect(p).toMatchObject({ kind: 'projected', low: 300n * DOLLAR, high: 450n * DOLLAR, monthPacePerDay: 10n * DOLLAR, trailingPerDay: 20n * DOLLAR })
  })

  it('is the same whichever pace is faster', () => {
    const p = april('2027-04-16T00:00:00Z', 300n, 70n)
    expect(p).toMatchObject({ low: 300n * DOLLAR + 150n * DOLLAR, high: 300n * DOLLAR + 300n * DOLLAR })
  })

  it('shows the bounds rounded outward to two significant figures (no false precision)', () => {
    // $1,234.56 … $1,567.89 → $1,200 … $1,600.
    const { startMs, endMs } = monthBounds(at('2027-04-30T00:00:00Z'), 'UTC')
    const p = projectRange({
      monthToDate: 123_456_000_000n,
      monthFromMs: startMs,
      coveredToMs: endMs - DAY,
      monthEndMs: endMs,
      trailing: (156_789_000_000n - 123_456_000_000n) * 7n,
      trailingFromMs: endMs - 8 * DAY,
    })
    expect(p.kind === 'projected' && [p.shownLow, p.shownHigh]).toEqual([1200n * DOLLAR, 1600n * DOLLAR])
    expect(roundingStep(45n * DOLLAR)).toBe(DOLLAR)
    expect(roundingStep(DOLLAR / 2n)).toBe(1_000_000n)
    expect(roundingStep(0n)).toBe(1_000_000n)
  })

  it('uses the trailing rate alone on the first day of a month, and the month pace alone without trailing data', () => {
    const first = april('2027-04-01T12:00:00Z', 5n, 70n)
    expect(first).toMatchObject({ kind: 'projected', monthPacePerDay: null, trailingPerDay: 10n * DOLLAR })
    // 5 + 29.5 days × $10.
    expect(first.kind === 'projected' && first.low).toBe(5n * DOLLAR + 295n * DOLLAR)
    const noTrailing = april('2027-04-11T00:00:00Z', 100n, 0n, 0)
    expect(noTrailing).toMatchObject({ kind: 'projected', trailingPerDay: null, low: 300n * DOLLAR, high: 300n * DOLLAR })
  })

  it('is too early with less than a day of either', () => {
    const { startMs, endMs } = monthBounds(at('2027-04-01T05:00:00Z'), 'UTC')
    const to = startMs + MIN_ELAPSED_MS - 1
    expect(projectRange({ monthToDate: 1n, monthFromMs: startMs, coveredToMs: to, monthEndMs: endMs, trailing: 1n, trailingFromMs: to - MIN_ELAPSED_MS + 1 })).toEqual({ kind: 'too-early' })
  })

  it('projects nothing more once the month is over, and zero spend to zero', () => {
    const { startMs, endMs } = monthBounds(at('2027-04-10T00:00:00Z'), 'UTC')
    expect(projectRange({ monthToDate: 42n, monthFromMs: startMs, coveredToMs: endMs, monthEndMs: endMs, trailing: 9n, trailingFromMs: endMs - 7 * DAY })).toMatchObject({ low: 42n, high: 42n })
    expect(april('2027-04-16T00:00:00Z', 0n, 0n)).toMatchObject({ low: 0n, high: 0n, shownLow: 0n, shownHigh: 0n })
  })

  it('counts a DST month by its real length (New York, March 2027: 743 hours)', () => {
    const { startMs, endMs } = monthBounds(at('2027-03-20T12:00:00Z'), 'America/New_York')
    // Exactly 10 days covered at $1/day by both paces: $10 + 743h − 240h remaining at $1/day.
    const p = projectRange({ monthToDate: 10n * DOLLAR, monthFromMs: startMs, coveredToMs: startMs + 10 * DAY, monthEndMs: endMs, trailing: 7n * DOLLAR, trailingFromMs: startMs + 3 * DAY })
    expect(p.kind === 'projected' && p.low).toBe(10n * DOLLAR + ((743n - 240n) * DOLLAR) / 24n + 0n)
  })
})

describe('formatProjectedRange', () => {
  it('shows whole dollars for ranges of ten dollars and more, cents below', () => {
    expect(formatProjectedRange(1200n * DOLLAR, 1600n * DOLLAR, { locale: 'en-US' })).toBe('$1,200–$1,600')
    expect(formatProjectedRange(3_100_000n * 100n, 4_500_000n * 100n, { locale: 'en-US' })).toBe('$3.10–$4.50')
    expect(formatProjectedRange(0n, 0n, { locale: 'en-US' })).toBe('about $0.00')
    expect(formatProjectedRange(1200n * DOLLAR, 1600n * DOLLAR, { locale: 'de-DE' }).replace(/\s/g, ' ')).toBe('1.200 $–1.600 $')
  })
})
