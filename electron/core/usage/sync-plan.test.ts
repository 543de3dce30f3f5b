import { describe, expect, it } from 'vitest'
import { minimumPages, planSync } from './sync-plan'
import { emptyManifest } from './catalog-types'

const now = Date.parse('2026-03-31T10:20:00Z')
const nowHour = Math.floor(now / 3_600_000)
const day = (iso: string) => Date.parse(iso) / 86_400_000

describe('planSync', () => {
  it('plans 90 days: the trailing hours hourly from a UTC midnight, older days in windows of at most 31 days', () => {
    const plan = planSync(null, now)
    expect(plan.hourly).toEqual({ kind: 'hourly', fromHour: day('2026-03-29') * 24, toHour: nowHour })
    expect(plan.hourly.toHour - plan.hourly.fromHour).toBeGreaterThanOrEqual(48)
    const days = plan.daily.map((w) => (w.toHour - w.fromHour) / 24)
    expect(days.every((d) => d <= 31)).toBe(true)
    expect(days.reduce((a, b) => a + b, 0) + 3).toBe(90) // plus the 3 days the hourly window covers
    expect(plan.daily[0]?.toHour).toBe(plan.hourly.fromHour) // newest first, no gap
    for (let i = 1; i < plan.daily.length; i++) expect(plan.daily[i]?.toHour).toBe(plan.daily[i - 1]?.fromHour)
  })

  it('fetches only the trailing window when the history is there, and replaces the old hourly segment', () => {
    const first = planSync(null, now)
    const manifest = {
      ...emptyManifest('o', 'O'),
      segments: [
        ...first.daily.map((w, i) => ({ file: `seg-daily-${i}.kwseg`, kind: 'daily' as const, fromHour: w.fromHour, toHour: w.toHour, rows: 1 })),
        { file: 'seg-hourly-1.kwseg', kind: 'hourly' as const, fromHour: first.hourly.fromHour, toHour: first.hourly.toHour, rows: 1 },
      ],
    }
    const again = planSync(manifest, now + 5 * 60_000)
    expect(again.daily).toEqual([])
    expect(again.replaceHourly).toEqual(['seg-hourly-1.kwseg'])
    // A day later, the day that left the trailing window is fetched daily, alone.
    const tomorrow = planSync(manifest, now + 86_400_000)
    expect(tomorrow.daily).toEqual([{ kind: 'daily', fromHour: day('2026-03-29') * 24, toHour: day('2026-03-30') * 24 }])
  })

  it('counts the fewest pages a window can take', () => {
    expect(minimumPages([0, 1, 1000, 1001], 1000)).toBe(1 + 1 + 1 + 2)
  })
})
