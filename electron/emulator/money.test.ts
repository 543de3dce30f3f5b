import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatMicroCents, parseCentsToMicro } from './money'

describe('money', () => {
  it('formats micro-cents as decimal cents without trailing zeros', () => {
    expect(formatMicroCents(0)).toBe('0')
    expect(formatMicroCents(1)).toBe('0.000001')
    expect(formatMicroCents(1_234_500)).toBe('1.2345')
    expect(formatMicroCents(50_000_000_000)).toBe('50000')
    expect(formatMicroCents(-2_500_000)).toBe('-2.5')
    expect(formatMicroCents(9_007_199_254_740_991)).toBe('9007199254.740991')
    expect(formatMicroCents(123_456_789_012_345_678n)).toBe('123456789012.345678')
  })

  it('refuses non-integers instead of rounding', () => {
    expect(() => formatMicroCents(0.5)).toThrow()
    expect(() => formatMicroCents(2 ** 60)).toThrow()
  })

  it('round-trips through parseCentsToMicro', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (n) => parseCentsToMicro(formatMicroCents(n)) === n),
      { seed: 4, numRuns: 200 },
    )
    expect(() => parseCentsToMicro('1.0000001')).toThrow()
    expect(() => parseCentsToMicro('abc')).toThrow()
  })
})
