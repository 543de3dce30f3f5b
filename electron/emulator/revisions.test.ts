/**
 * Refreshes and late events: deterministic from the seed, only in open months (this month; last
 * month through the 7th), a few percent up or down, and followed by the ground truth.
 */
import { describe, expect, it } from 'vitest'
import { groundTruthTotals } from './ground-truth'
import { keylessSeed } from './people'
import { DEFAULT_REVISIONS, isOpenDay, RefreshSchedule } from './revisions'
import { seedOrg } from './seed-data'
import { HOUR_MS } from './time'
import { UsageGenerator } from './usage-generator'

const DAY_MS = 24 * HOUR_MS
const dayOf = (iso: string): number => Date.parse(iso) / DAY_MS

/** A schedule at `startIso` revised `n` times on demand. */
function revised(seed: number, startIso: string, n: number, options = DEFAULT_REVISIONS): RefreshSchedule {
  const schedule = new RefreshSchedule(seed, Date.parse(startIso), options)
  for (let i = 0; i < n; i++) schedule.revise(Date.parse(startIso))
  return schedule
}

describe('open months', () => {
  it('keep this month and last month through the 7th open; a closed month is final', () => {
    expect(isOpenDay(dayOf('2026-11-26T00:00:00Z'), Date.parse('2026-12-06T10:00:00Z'))).toBe(true)
    expect(isOpenDay(dayOf('2026-12-05T00:00:00Z'), Date.parse('2026-12-06T10:00:00Z'))).toBe(true)
    expect(isOpenDay(dayOf('2026-11-01T00:00:00Z'), Date.parse('2026-12-07T23:59:00Z'))).toBe(true)
    expect(isOpenDay(dayOf('2026-11-30T00:00:00Z'), Date.parse('2026-12-08T00:00:00Z'))).toBe(false)
    expect(isOpenDay(dayOf('2026-12-30T00:00:00Z'), Date.parse('2027-01-09T12:00:00Z'))).toBe(false)
    expect(isOpenDay(dayOf('2026-10-31T00:00:00Z'), Date.parse('2026-12-02T00:00:00Z'))).toBe(false)
    // A day that has not begun has nothing to revise.
    expect(isOpenDay(dayOf('2026-12-07T00:00:00Z'), Date.parse('2026-12-06T10:00:00Z'))).toBe(false)
  })
})

describe('refresh schedule', () => {
  const days = Array.from({ length: 70 }, (_, i) => dayOf('2026-10-01T00:00:00Z') + i)

  it('revises the same days by the same factors for the same seed and refreshes, and others for another seed', () => {
    const a = revised(7, '2026-12-06T10:20:00Z', 12)
    const b = revised(7, '2026-12-06T10:20:00Z', 12)
    const c = revised(8, '2026-12-06T10:20:00Z', 12)
    expect(days.map((d) => a.factorOf(d, 12))).toEqual(days.map((d) => b.factorOf(d, 12)))
    expect(days.map((d) => a.factorOf(d, 12))).not.toEqual(days.map((d) => c.factorOf(d, 12)))
    // Reading an earlier refresh after a later one gives what it gave then.
    const early = days.map((d) => b.factorOf(d, 3))
    expect(days.map((d) => a.factorOf(d, 3))).toEqual(early)
  })

  it('on 6 December revises November and December days a few percent, both ways, and never October', () => {
    const s = revised(3, '2026-12-06T10:20:00Z', 20)
    const factors = days.map((d) => ({ day: d, f: s.factorOf(d, 1) }))
    const open = factors.filter(({ day }) => day >= dayOf('2026-11-01T00:00:00Z') && day <= dayOf('2026-12-06T00:00:00Z'))
    const closedOrFuture = factors.filter(({ day }) => day < dayOf('2026-11-01T00:00:00Z') || day > dayOf('2026-12-06T00:00:00Z'))
    for (const { f } of closedOrFuture) expect(f).toBe(1)
    const up = open.filter(({ f }) => f > 1).length
    const down = open.filter(({ f }) => f < 1).length
    expect(up).toBeGreaterThan(0)
    expect(down).toBeGreaterThan(0)
    expect(up + down).toBeLessThan(open.length) // a share of the days, not all of them
    for (const { f } of open) expect(Math.abs(f - 1)).toBeLessThanOrEqual(DEFAULT_REVISIONS.maxPercent / 100 + 1e-12)
    for (const d of days.filter((d) => d < dayOf('2026-11-01T00:00:00Z'))) expect(s.factorOf(d, 20)).toBe(1)
  })

  it('on 9 January leaves December final: its factor stops at the last refresh before the 8th', () => {
    const s = new RefreshSchedule(5, Date.parse('2027-01-05T00:00:00Z'), { ...DEFAULT_REVISIONS, everyMinutes: 6 * 60, share: 0.5 })
    const dec30 = dayOf('2026-12-30T00:00:00Z')
    const atClose = s.advance(Date.parse('2027-01-07T23:59:00Z'))
    const final = s.factorOf(dec30, atClose)
    const later = s.advance(Date.parse('2027-01-09T12:00:00Z'))
    expect(later).toBeGreaterThan(atClose)
    expect(s.factorOf(dec30, later)).toBe(final)
    expect(s.factorOf(dec30, atClose)).not.toBe(1) // it was revised while open (for this seed)
    const jan3 = dayOf('2027-01-03T00:00:00Z')
    expect(s.factorOf(jan3, later)).not.toBe(s.factorOf(jan3, atClose))
  })

  it('refreshes every period of the clock on its own, and on demand a second later even when the clock stands still', () => {
    const s = new RefreshSchedule(1, Date.parse('2026-12-06T10:20:00Z'), { ...DEFAULT_REVISIONS, everyMinutes: 30 })
    expect(new Date(s.watermarkOf(0)).toISOString()).toBe('2026-12-06T10:00:00.000Z')
    expect(s.advance(Date.parse('2026-12-06T11:29:00Z'))).toBe(2)
    expect(new Date(s.watermarkOf(2)).toISOString()).toBe('2026-12-06T11:00:00.000Z')
    expect(s.asOf().reportedToHour * HOUR_MS).toBe(Date.parse('2026-12-06T11:00:00Z'))
    const k = s.revise(Date.parse('2026-12-06T11:00:00Z'))
    expect(new Date(s.watermarkOf(k)).toISOString()).toBe('2026-12-06T11:00:01.000Z')
    expect(s.refreshAt('2026-12-06T11:00:01Z')).toBe(k)
    expect(() => new RefreshSchedule(1, 0, { ...DEFAULT_REVISIONS, share: 2 })).toThrow(/share/)
  })
})

describe('ground truth as of a refresh', () => {
  it('moves open days by a few percent in both directions and leaves the closed month exactly as it was', () => {
    const now = Date.parse('2026-12-03T12:30:00Z')
    const state = seedOrg({ seed: 9, keys: 12, days: 45, now: new Date(now) })
    const gens = { keys: new UsageGenerator(9), keyless: new UsageGenerator(keylessSeed(9)) }
    const s = revised(9, '2026-12-03T12:30:00Z', 6, { ...DEFAULT_REVISIONS, share: 0.5 })
    const day = (iso: string, r: number) => groundTruthTotals(state, gens, s.asOf(r), { startingAt: iso, endingAt: new Date(Date.parse(iso) + DAY_MS) })
    const openDays = Array.from({ length: 32 }, (_, i) => new Date(Date.parse('2026-11-01T00:00:00Z') + i * DAY_MS).toISOString())
    const ratios = openDays.map((iso) => day(iso, 6).costMicroCents / day(iso, 0).costMicroCents)
    expect(ratios.some((r) => r > 1.001)).toBe(true)
    expect(ratios.some((r) => r < 0.999)).toBe(true)
    for (const r of ratios) expect(Math.abs(r - 1)).toBeLessThan(0.25) // six refreshes of at most 4% each
    for (const iso of ['2026-10-20T00:00:00Z', '2026-10-31T00:00:00Z']) expect(day(iso, 6)).toEqual(day(iso, 0))
    // Integers throughout: tokens and micro-cents.
    const t = day(openDays[10]!, 6)
    expect(Number.isInteger(t.totalTokens) && Number.isInteger(t.costMicroCents)).toBe(true)
  })
})
