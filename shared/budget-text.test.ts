import { describe, expect, it } from 'vitest'
import { budgetPeriodName, limitPerPeriod, periodNoun } from './budget-text'

describe('budget text', () => {
  it('reads a limit as "$7,000.00 per month", also for the API\'s period words', () => {
    expect(limitPerPeriod('7000', 'month', { locale: 'en-US' })).toBe('$7,000.00 per month')
    expect(limitPerPeriod('12.345', 'day', { locale: 'en-US' })).toBe('$12.35 per day')
    expect(limitPerPeriod('250000', 'monthly', { locale: 'en-US' })).toBe('$250,000.00 per month')
    expect(periodNoun('weekly')).toBe('week')
  })
  it("names a monthly budget's period as the month, a daily one's as the day", () => {
    expect(budgetPeriodName('month', '2026-12-01', 'en-US')).toBe('December 2026')
    expect(budgetPeriodName('day', '2026-12-01', 'en-US')).toBe('Dec 1, 2026')
    expect(budgetPeriodName('month', '2026-01-01', 'de-DE')).toBe('Januar 2026')
  })
})
