import { describe, expect, it } from 'vitest'
import { MIN_ELAPSED_MS, monthBounds, projectMonthEnd } from './projection'

const at = (iso: string) => Date.parse(iso)

describe('month-end projection', () => {
  it('doubles the spend halfway through a 30-day month, exactly', () => {
    // April 2027 in UTC: 30 days; noon on the 16th is exactly half.
    const projection = projectMonthEnd(1_000_000n, at('2027-04-16T00:00:00Z'), 'UTC')
    expect(projection).toEqual({ kind: 'projected', micro: 2_000_000n, elapsedFraction: 0.5 })
  })

  it('uses the user’s calendar month, not UTC’s', () => {
    // 1 March 00:30 in Kiritimati (UTC+14) is still 28 February in UTC: a new month has just begun.
    expect(projectMonthEnd(5_000_000n, at('2027-02-28T10:30:00Z'), 'Pacific/Kiritimati')).toEqual({ kind: 'too-early' })
    expect(monthBounds(at('2027-02-28T10:30:00Z'), 'Pacific/Kiritimati')).toEqual({ startMs: at('2027-02-28T10:00:00Z'), endMs: at('2027-03-31T10:00:00Z') })
  })

  it('counts a DST month’s real length (March 2027 in New York has 743 hours)', () => {
    const { startMs, endMs } = monthBounds(at('2027-03-20T12:00:00Z'), 'America/New_York')
    expect((endMs - startMs) / 3_600_000).toBe(743)
  })

  it('is too early in the first day of the month, and rounds half up after it', () => {
    const start = monthBounds(at('2027-04-10T00:00:00Z'), 'UTC').startMs
    expect(projectMonthEnd(7n, start + MIN_ELAPSED_MS - 1, 'UTC')).toEqual({ kind: 'too-early' })
    // One day of 30: 7 micro-cents × 30 = 210.
    expect(projectMonthEnd(7n, start + MIN_ELAPSED_MS, 'UTC')).toMatchObject({ micro: 210n })
    // 1 micro-cent over 7 days of 30: 30/7 = 4.2857… → 4.
    expect(projectMonthEnd(1n, start + 7 * MIN_ELAPSED_MS, 'UTC')).toMatchObject({ micro: 4n })
  })

  it('leaves a partial hour out rather than reading it as a slow one', () => {
    // April 2027, UTC. The watermark is 10:20 on the 16th: the figures to 10:00 are complete.
    const now = at('2027-04-16T12:30:00Z')
    const complete = at('2027-04-16T10:00:00Z')
    const withWatermark = projectMonthEnd(1_000_000n, now, 'UTC', complete)
    // Equal to the projection made at 10:00 over the same complete hours.
    expect(withWatermark).toEqual(projectMonthEnd(1_000_000n, complete, 'UTC'))
    // And more than the projection that counts the 2.5 hours after as spending nothing.
    expect(withWatermark.kind === 'projected' && withWatermark.micro).toBeGreaterThan((projectMonthEnd(1_000_000n, now, 'UTC') as { micro: bigint }).micro)
    // A covered-to past now never stretches the month gone.
    expect(projectMonthEnd(1_000_000n, now, 'UTC', at('2027-04-17T00:00:00Z'))).toEqual(projectMonthEnd(1_000_000n, now, 'UTC'))
  })
})
