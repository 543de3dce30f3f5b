import { describe, expect, it } from 'vitest'
import { formatNumber, formatPercent, formatTokens } from './format'

describe('format', () => {
  it('counts, tokens, percentages', () => {
    expect(formatNumber(1234567, 'en-US')).toBe('1,234,567')
    expect(formatNumber(1234567, 'fr-FR')).toBe('1\u202f234\u202f567')
    expect(formatTokens(1_250_000, 'en-US')).toBe('1.3M')
    expect(formatPercent(0.8, 'en-US')).toBe('80%')
  })
})
