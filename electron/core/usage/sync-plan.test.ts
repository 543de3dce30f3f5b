import { describe, expect, it } from 'vitest'
import type { FetchedDay } from './store/usage-store'
import { DEFAULT_PLAN, firstHistoryDay, firstOpenDay, hourlyWindow, minimumPages, planDaily } from './sync-plan'

const now = Date.parse('2026-03-31T10:20:00Z')
const nowHour = Math.floor(now / 3_600_000)
const day = (iso: string): number => Date.parse(iso) / 86_400_000

/** Every day of the windows, as day numbers. */
const daysOf = (windows: ReadonlyArray<{ fromHour: number; toHour: number }>): number[] => windows.flatMap((w) => Array.from({ length: (w.toHour - w.fromHour) / 24 }, (_, i) => w.fromHour / 24 + i))

/** The fetched-days record of a full sync at `at` with watermark `mark`. */
function fetchedAll(at: number, mark: string): Map<number, FetchedDay> {
  const out = new Map<number, FetchedDay>()
  for (const d of daysOf(planDaily(new Map(), null, at))) out.set(d, { fetchedAt: new Date(at).toISOString(), watermark: mark })
  return out
}

describe('planDaily', () => {
  it('plans 90 days: the trailing hours hourly from a UTC midnight, older days in windows of at most 31 days', () => {
    const hourly = hourlyWindow(now)
    expect(hourly).toEqual({ kind: 'hourly', fromHour: day('2026-03-29') * 24, toHour: nowHour })
    const daily = planDaily(new Map(), null, now)
    const days = daily.map((w) => (w.toHour - w.fromHour) / 24)
    expect(days.every((d) => d <= 31)).toBe(true)
    expect(days.reduce((a, b) => a + b, 0) + 3).toBe(90) // plus the 3 days the hourly window covers
    expect(daily).toHaveLength(3)
    expect(daily[0]?.toHour).toBe(hourly.fromHour) // newest first, no gap
    for (let i = 1; i < daily.length; i++) expect(daily[i]?.toHour).toBe(daily[i - 1]?.fromHour)
  })

  it('fetches nothing daily right after a full sync when the watermark did not move', () => {
    const mark = '2026-03-31T10:00:00.000Z'
    expect(planDaily(fetchedAll(now, mark), mark, now + 5 * 60_000)).toEqual([])
  })

  it('re-fetches the open month in day buckets, in one window, when the watermark moved; closed months never', () => {
    const mark = '2026-03-31T10:00:00.000Z'
    const again = planDaily(fetchedAll(now, mark), '2026-03-31T11:00:00.000Z', now + 3_600_000)
    // On 31 March only March is open (February closed on the 8th): 1 to 28 March, the days before the hourly window.
    expect(again).toEqual([{ kind: 'daily', fromHour: day('2026-03-01') * 24, toHour: day('2026-03-29') * 24 }])
  })

  it('re-fetches open days at least once a day even without a watermark move', () => {
    const mark = '2026-03-31T10:00:00.000Z'
    const later = now + 24 * 3_600_000
    const plan = planDaily(fetchedAll(now, mark), mark, later)
    // The day that left the trailing window is new; the rest of March is a day old.
    expect(daysOf(plan).sort((a, b) => a - b)).toEqual(Array.from({ length: 29 }, (_, i) => day('2026-03-01') + i))
  })

  it('on 6 December, 26 November is still open and re-fetched after the watermark moves', () => {
    const at = Date.parse('2026-12-06T12:00:00Z')
    const mark = '2026-12-06T11:00:00.000Z'
    const days = daysOf(planDaily(fetchedAll(at, mark), '2026-12-06T13:00:00.000Z', at + 3_600_000))
    expect(days).toContain(day('2026-11-26'))
    expect(days).toContain(day('2026-11-01'))
    expect(days).not.toContain(day('2026-10-31'))
    expect(firstOpenDay(at, DEFAULT_PLAN.graceDays)).toBe(day('2026-11-01'))
  })

  it('on 9 January, 30 December is final: never fetched again, whatever the watermark', () => {
    const at = Date.parse('2027-01-09T12:00:00Z')
    const mark = '2027-01-09T11:00:00.000Z'
    const days = daysOf(planDaily(fetchedAll(at, mark), '2027-01-09T13:00:00.000Z', at + 2 * 86_400_000))
    expect(days).not.toContain(day('2026-12-30'))
    expect(days.every((d) => d >= day('2027-01-01'))).toBe(true)
    expect(firstOpenDay(at, 8)).toBe(day('2027-01-01'))
    // With a grace of 10 days December is still open on the 9th.
    expect(firstOpenDay(at, 10)).toBe(day('2026-12-01'))
  })

  it('counts the fewest pages a window can take', () => {
    expect(minimumPages([0, 1, 1000, 1001], 1000)).toBe(1 + 1 + 1 + 2)
  })
})

describe('the range the API accepts', () => {
  const firstAsked = (at: number, historyDays: number): number => {
    const options = { ...DEFAULT_PLAN, historyDays }
    const hourly = hourlyWindow(at, options)
    return Math.min(hourly.fromHour, ...planDaily(new Map(), null, at, options).map((w) => w.fromHour)) / 24
  }

  it('never asks for a day before 2026-01-01, however early in 2026 the clock is', () => {
    const at = Date.parse('2026-02-10T05:00:00Z')
    expect(firstAsked(at, 90)).toBe(day('2026-01-01'))
    // On New Year's Day the trailing hours stop at its midnight too.
    const newYear = Date.parse('2026-01-01T03:00:00Z')
    expect(hourlyWindow(newYear)).toEqual({ kind: 'hourly', fromHour: day('2026-01-01') * 24, toHour: Math.floor(newYear / 3_600_000) })
    expect(planDaily(new Map(), null, newYear)).toEqual([])
  })

  it('never asks for a midnight more than 365 days back, whatever history is configured', () => {
    const at = Date.parse('2027-09-15T10:20:00Z')
    const first = firstAsked(at, 500)
    expect(first).toBe(day('2026-09-16'))
    expect(at - first * 86_400_000).toBeLessThanOrEqual(365 * 86_400_000)
    expect(firstHistoryDay(at, 90)).toBe(day('2027-06-18'))
  })
})
