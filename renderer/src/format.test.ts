import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatNumber, formatPercent, formatRelative, formatTokens } from './format'

describe('format', () => {
  it('counts, tokens, percentages', () => {
    expect(formatNumber(1234567, 'en-US')).toBe('1,234,567')
    expect(formatNumber(1234567, 'fr-FR')).toBe('1\u202f234\u202f567')
    expect(formatTokens(1_250_000, 'en-US')).toBe('1.3M')
    expect(formatPercent(0.8, 'en-US')).toBe('80%')
  })
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
})
