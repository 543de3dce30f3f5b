import { describe, expect, it } from 'vitest'
import { completeHoursEndMs, firstPartialDate, formatDataAsOf, formatDataAsOfSentence, isPartialDate, partialRangeNote } from './data-age'

// Every case names its zone and locale: the results never depend on the machine's.
const NOW = Date.parse('2026-12-06T15:30:00Z')

describe('formatDataAsOf', () => {
  it.each([
    ['today, plain', '2026-12-06T14:00:00Z', 'UTC', undefined, 'data as of 14:00'],
    ['yesterday, plain', '2026-12-05T14:05:00Z', 'UTC', undefined, 'data as of Dec 5, 14:05'],
    ['last year, plain', '2025-12-31T23:00:00Z', 'UTC', undefined, 'data as of Dec 31 2025, 23:00'],
    ['today in Berlin', '2026-12-06T13:00:00Z', 'Europe/Berlin', undefined, 'data as of 14:00'],
    ['the day before in Los Angeles', '2026-12-06T07:00:00Z', 'America/Los_Angeles', undefined, 'data as of Dec 5, 23:00'],
    ['today, en-GB', '2026-12-06T14:00:00Z', 'UTC', 'en-GB', 'data as of 14:00'],
    ['today, en-US', '2026-12-06T14:00:00Z', 'UTC', 'en-US', 'data as of 2:00 PM'],
    ['yesterday, en-US', '2026-12-05T14:00:00Z', 'UTC', 'en-US', 'data as of Dec 5, 2:00 PM'],
    ['yesterday, en-GB', '2026-12-05T14:00:00Z', 'UTC', 'en-GB', 'data as of 5 Dec, 14:00'],
  ])('%s', (_name, watermark, timeZone, locale, expected) => {
    // Intl may put a narrow no-break space before AM/PM; people read it as a space.
    expect(formatDataAsOf(watermark, { nowMs: NOW, timeZone, locale })?.replace(/\s/g, ' ')).toBe(expected)
  })

  it('says nothing without a watermark, and never guesses a malformed one', () => {
    expect(formatDataAsOf(null, { nowMs: NOW, timeZone: 'UTC' })).toBeNull()
    expect(formatDataAsOf(undefined, { nowMs: NOW, timeZone: 'UTC' })).toBeNull()
    expect(formatDataAsOf('yesterday', { nowMs: NOW, timeZone: 'UTC' })).toBe('data as of an unknown time')
  })

  it('starts a sentence with a capital', () => {
    expect(formatDataAsOfSentence('2026-12-06T14:00:00Z', { nowMs: NOW, timeZone: 'UTC' })).toBe('Data as of 14:00')
    expect(formatDataAsOfSentence(null, { nowMs: NOW, timeZone: 'UTC' })).toBeNull()
  })
})

describe('partial buckets', () => {
  it('marks the day holding the watermark and every later day, in the local zone', () => {
    expect(firstPartialDate('2026-12-06T02:00:00Z', 'UTC')).toBe('2026-12-06')
    expect(firstPartialDate('2026-12-06T02:00:00Z', 'America/New_York')).toBe('2026-12-05')
    expect(isPartialDate('2026-12-05', '2026-12-06T02:00:00Z', 'UTC')).toBe(false)
    expect(isPartialDate('2026-12-06', '2026-12-06T02:00:00Z', 'UTC')).toBe(true)
    expect(isPartialDate('2026-12-07', '2026-12-06T02:00:00Z', 'UTC')).toBe(true)
    expect(isPartialDate('2026-12-06', null, 'UTC')).toBe(false)
  })

  it.each([
    ['a range ending today', { from: '2026-12-01', to: '2026-12-06' }, '2026-12-06T14:00:00Z', 'today so far'],
    ['a range ending before the partial day', { from: '2026-11-01', to: '2026-11-30' }, '2026-12-06T14:00:00Z', null],
    ['a watermark a day behind', { from: '2026-12-01', to: '2026-12-06' }, '2026-12-05T22:00:00Z', 'Dec 5 onward so far'],
    ['no watermark', { from: '2026-12-01', to: '2026-12-06' }, null, null],
  ])('notes %s', (_name, range, watermark, expected) => {
    expect(partialRangeNote(range, watermark, { nowMs: NOW, timeZone: 'UTC' })).toBe(expected)
  })
})

describe('completeHoursEndMs', () => {
  it('stops at the start of the hour holding the watermark, else of the current hour', () => {
    expect(new Date(completeHoursEndMs(NOW, '2026-12-06T14:20:00Z')).toISOString()).toBe('2026-12-06T14:00:00.000Z')
    expect(new Date(completeHoursEndMs(NOW, '2026-12-06T14:00:00Z')).toISOString()).toBe('2026-12-06T14:00:00.000Z')
    expect(new Date(completeHoursEndMs(NOW)).toISOString()).toBe('2026-12-06T15:00:00.000Z')
    // A watermark ahead of the clock (a skewed server) never stretches past now.
    expect(new Date(completeHoursEndMs(NOW, '2026-12-06T18:00:00Z')).toISOString()).toBe('2026-12-06T15:00:00.000Z')
  })
})
