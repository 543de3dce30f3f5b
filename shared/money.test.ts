import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MalformedAmountError, dollarsToWholeCents, formatCents, formatMoney, formatUsdPlain, fromAmount, parseCents, percentOf, reachedPercent, roundToDigits, sumMicro, toAmount } from './money'

describe('money', () => {
  it('parses the API decimal cents strings exactly', () => {
    expect(parseCents('0')).toBe(0n)
    expect(parseCents('1.5')).toBe(1_500_000n)
    expect(parseCents('123.456789')).toBe(123_456_789n)
    expect(parseCents('7.1000000000')).toBe(7_100_000n)
    expect(parseCents('999999999999999.999999')).toBe(999_999_999_999_999_999_999n)
  })

  it.each([
    ['-2.000001', /is negative/],
    ['-0', /is negative/],
    ['+5', /not a decimal number of cents/],
    [' 5', /not a decimal number of cents/],
    ['5 ', /not a decimal number of cents/],
    ['0x10', /not a decimal number of cents/],
    ['1e5', /not a decimal number of cents/],
    ['', /not a decimal number of cents/],
    ['.5', /not a decimal number of cents/],
    ['5.', /not a decimal number of cents/],
    ['NaN', /not a decimal number of cents/],
    ['١٢٣', /not a decimal number of cents/],
    ['1000000000000000', /more than 15 digits of whole cents/],
    ['9'.repeat(100_000), /more than 15 digits of whole cents/],
    [`1.${'0'.repeat(19)}`, /more than 18 decimal places/],
    ['1.0000001', /more precision/],
  ])('refuses the server amount %j as malformed', (text, reason) => {
    expect(() => parseCents(text)).toThrow(MalformedAmountError)
    expect(() => parseCents(text)).toThrow(reason)
  })

  it('names the amount in its error, cut short', () => {
    expect(() => parseCents(`-${'9'.repeat(60)}`)).toThrow(`the amount "-${'9'.repeat(39)}…" is negative`)
  })

  it('refuses a typed amount it cannot hold exactly, naming the amount', () => {
    expect(() => fromAmount('1.000000001')).toThrow(/more precision/)
    expect(() => fromAmount('1e5')).toThrow(/not a decimal/)
    expect(() => fromAmount('')).toThrow(/not a decimal/)
  })

  it('round-trips amounts for any integer micro-cents, and server cents for any it accepts', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), (micro) => {
        expect(fromAmount(toAmount(micro))).toBe(micro)
      }),
    )
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 21n - 1n }), (micro) => {
        expect(parseCents(formatCents(micro))).toBe(micro)
      }),
    )
  })

  it('sums where floats would drift', () => {
    const tenth = parseCents('0.1')
    expect(sumMicro(Array.from({ length: 10 }, () => tenth))).toBe(parseCents('1'))
    expect(toAmount(parseCents('10') + parseCents('20'))).toBe('0.3')
  })

  it('rounds only for display, half away from zero', () => {
    expect(roundToDigits(parseCents('0.5'), 2)).toBe('0.01')
    expect(roundToDigits(parseCents('0.499999'), 2)).toBe('0.00')
    expect(roundToDigits(fromAmount('-0.005'), 2)).toBe('-0.01')
    expect(roundToDigits(parseCents('123456.7'), 0)).toBe('1235')
  })

  it('formats in the user locale with Intl.NumberFormat', () => {
    expect(formatMoney(parseCents('123456.789'), { locale: 'en-US' })).toBe('$1,234.57')
    expect(formatMoney(parseCents('123456.789'), { locale: 'de-DE' })).toBe('1.234,57\u00a0$')
    expect(formatMoney(parseCents('0.4'), { locale: 'en-US' })).toBe('$0.00')
    // Beyond 2^53 micro-cents a float would have lost the last cent already.
    expect(formatMoney(parseCents('900719925474099.31'), { locale: 'en-US' })).toBe('$9,007,199,254,740.99')
  })

  it('decides thresholds without dividing', () => {
    expect(reachedPercent(fromAmount('50'), fromAmount('100'), 50)).toBe(true)
    expect(reachedPercent(fromAmount('49.99999999'), fromAmount('100'), 50)).toBe(false)
    expect(percentOf(fromAmount('80'), fromAmount('100'))).toBe(80)
    expect(percentOf(1n, 0n)).toBe(100)
  })
})

describe('dollarsToWholeCents', () => {
  it('reads a typed limit as the API\'s whole cents, or refuses it', () => {
    expect(dollarsToWholeCents('500')).toBe('50000')
    expect(dollarsToWholeCents('1,500.25')).toBe('150025')
    expect(dollarsToWholeCents('$7,000')).toBe('700000')
    expect(dollarsToWholeCents(' 0.5 ')).toBe('50')
    for (const bad of ['', 'abc', '1.234', '-5', '1,50', '1e3', '12,345,67']) expect(dollarsToWholeCents(bad)).toBeNull()
  })
})

describe('formatUsdPlain', () => {
  it.each([0n, 1n, 499_999n, 500_000n, -500_000n, 123_456_789n, 100_000_000_000n, -98_765_432_100_000n, 99_999_999_999_999_999n])('prints %s micro-cents as Intl does in en-US, without Intl', (micro) => {
    expect(formatUsdPlain(micro)).toBe(formatMoney(micro, { locale: 'en-US' }))
    expect(formatUsdPlain(micro, 0)).toBe(formatMoney(micro, { locale: 'en-US', digits: 0 }))
  })
})
