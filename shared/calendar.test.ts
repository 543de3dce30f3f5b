import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, localDateOf, monthStart, parseLocalDate, presetRange, rangeInstants, startOfLocalDay, datesOf } from './calendar'

const iso = (ms: number): string => new Date(ms).toISOString()

describe('calendar', () => {
  it('walks month ends and leap days', () => {
    expect(addDays('2024-01-31', 1)).toBe('2024-02-01')
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01')
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01')
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29)
    expect(monthStart('2024-02-29')).toBe('2024-02-01')
    expect(() => parseLocalDate('2023-02-29')).toThrow(/YYYY-MM-DD/)
  })

  it('finds local midnight on either side of UTC', () => {
    expect(iso(startOfLocalDay('2025-06-15', 'UTC'))).toBe('2025-06-15T00:00:00.000Z')
    expect(iso(startOfLocalDay('2025-06-15', 'Europe/Berlin'))).toBe('2025-06-14T22:00:00.000Z')
    expect(iso(startOfLocalDay('2025-01-15', 'Europe/Berlin'))).toBe('2025-01-14T23:00:00.000Z')
    expect(iso(startOfLocalDay('2025-06-15', 'America/Los_Angeles'))).toBe('2025-06-15T07:00:00.000Z')
    expect(iso(startOfLocalDay('2025-06-15', 'Asia/Kolkata'))).toBe('2025-06-14T18:30:00.000Z')
    expect(iso(startOfLocalDay('2025-06-15', 'Pacific/Kiritimati'))).toBe('2025-06-14T10:00:00.000Z')
  })

  it('gives DST days their real length', () => {
    const ny = 'America/New_York'
    const spring = rangeInstants({ from: '2025-03-09', to: '2025-03-09' }, ny)
    expect((spring.endMs - spring.startMs) / 3_600_000).toBe(23)
    const fall = rangeInstants({ from: '2025-11-02', to: '2025-11-02' }, ny)
    expect((fall.endMs - fall.startMs) / 3_600_000).toBe(25)
    const berlin = rangeInstants({ from: '2025-10-26', to: '2025-10-26' }, 'Europe/Berlin')
    expect((berlin.endMs - berlin.startMs) / 3_600_000).toBe(25)
  })

  it('starts a day whose midnight is skipped at the first instant that exists', () => {
    // Chile moves clocks from 00:00 to 01:00 on the first Sunday of September.
    const start = startOfLocalDay('2025-09-07', 'America/Santiago')
    expect(localDateOf(start, 'America/Santiago')).toBe('2025-09-07')
    expect(localDateOf(start - 60_000, 'America/Santiago')).toBe('2025-09-06')
  })

  it('reads today and this month in the user time zone, not UTC', () => {
    const now = Date.parse('2025-07-01T02:30:00Z') // still June 30 in New York
    expect(localDateOf(now, 'America/New_York')).toBe('2025-06-30')
    expect(presetRange('month', now, 'America/New_York')).toEqual({ from: '2025-06-01', to: '2025-06-30' })
    expect(presetRange('month', now, 'Europe/Berlin')).toEqual({ from: '2025-07-01', to: '2025-07-01' })
    expect(presetRange('7d', now, 'UTC')).toEqual({ from: '2025-06-25', to: '2025-07-01' })
  })

  it('covers a range ending today up to the end of today', () => {
    const now = Date.parse('2025-03-31T23:59:00Z')
    const range = presetRange('30d', now, 'UTC')
    expect(datesOf(range)).toHaveLength(30)
    const { endMs } = rangeInstants(range, 'UTC')
    expect(iso(endMs)).toBe('2025-04-01T00:00:00.000Z')
  })
})
