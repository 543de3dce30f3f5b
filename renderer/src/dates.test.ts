import { describe, expect, it } from 'vitest'
import { formatDate, formatDateRange, formatDateTime, formatMonth, formatOptionalDate, formatRelative } from './dates'

describe('dates', () => {
  it('dates and relative times', () => {
    // Noon UTC is already the next day east of UTC+12 (Auckland in winter, Kiritimati): name the zone.
    expect(formatDate('2025-06-01T12:00:00Z', 'en-US', 'UTC')).toBe('Jun 1, 2025')
    expect(formatDate('2025-06-01T12:00:00Z', 'en-US', 'Pacific/Auckland')).toBe('Jun 2, 2025')
    expect(formatDate('not a date', 'en-US')).toBe('not a date')
    expect(formatDate('2026-03-03T00:00:00Z', 'en-US', 'UTC')).toBe('Mar 3, 2026')
    expect(formatDate('2026-03-03T00:00:00Z', 'en-US', 'America/New_York')).toBe('Mar 2, 2026')
    expect(formatDateTime('2026-03-03T00:00:00Z', 'en-US', 'Asia/Kolkata')).toBe('Mar 3, 2026, 5:30 AM')
    const now = new Date('2025-06-01T12:00:00Z')
    expect(formatRelative('2025-06-01T11:55:00Z', now, 'en-US')).toBe('5 minutes ago')
    expect(formatRelative('2025-06-03T12:00:00Z', now, 'en-US')).toBe('in 2 days')
    expect(formatRelative('2025-06-01T12:00:00Z', now, 'en-US')).toBe('now')
  })
  it('a calendar day key is that day in every time zone; months and ranges in the locale', () => {
    expect(formatDate('2026-12-06', 'en-US', 'Pacific/Honolulu')).toBe('Dec 6, 2026')
    expect(formatDate('2026-12-06', 'de-DE')).toBe('06.12.2026')
    expect(formatOptionalDate(null, 'en-US')).toBe('—')
    expect(formatMonth('2026-12', 'en-US')).toBe('December 2026')
    expect(formatMonth('2026-12', 'fr-FR')).toBe('décembre 2026')
    expect(formatDateRange('2026-11-07', '2026-12-06', 'en-US')).toMatch(/^Nov 7\s–\sDec 6, 2026$/)
  })
})
