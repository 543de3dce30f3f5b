import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MICRO_PER_CENT,
  MalformedAmountError,
  formatCents,
  formatMoney,
  formatUsdPlain,
  fromAmount,
  parseCents,
  parseTypedDollars,
  percentOf,
  reachedPercent,
  roundToDigits,
  sumMicro,
  toAmount,
} from './money'

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

  it('formats amounts around 2^53 micro-cents (where the float path ends) exactly, in canonical form', () => {
    const edge = 2n ** 53n
    fc.assert(
      fc.property(fc.bigInt({ min: -edge - 1000n, max: edge + 1000n }), (micro) => {
        const text = toAmount(micro)
        expect(fromAmount(text)).toBe(micro)
        expect(text).toMatch(/^-?(0|[1-9]\d*)(\.\d*[1-9])?$/)
      }),
    )
    for (const micro of [edge - 1n, edge, edge + 1n, -edge + 1n, -edge - 1n]) expect(fromAmount(toAmount(micro))).toBe(micro)
    expect([0n, 1n, 100_000_000n, -150_000_000n, 123_456_789_012n].map(toAmount)).toEqual(['0', '0.00000001', '1', '-1.5', '1234.56789012'])
    // A safe-integer number formats as its bigint does; a number past 2^53 or with a fraction is refused, never rounded.
    for (const micro of [0, -0, 1, -1, 100_000_000, -150_000_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) expect(toAmount(micro)).toBe(toAmount(BigInt(micro)))
    for (const bad of [2 ** 53, 1.5, Number.NaN]) expect(() => toAmount(bad)).toThrow(/whole number of micro-cents below 2\^53/)
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

describe('parseTypedDollars (every input that takes dollars)', () => {
  it.each([
    ['1,500', '150000', '1500'],
    ['$1,500.25', '150025', '1500.25'],
    ['1500', '150000', '1500'],
    [' 12.5 ', '1250', '12.5'],
    ['$ 7,000', '700000', '7000'],
    ['0.07', '7', '0.07'],
    ['1,234,567.89', '123456789', '1234567.89'],
  ])('reads %j as %s cents ($%s)', (typed, cents, dollars) => {
    expect(parseTypedDollars(typed)).toEqual({ ok: true, micro: BigInt(cents) * MICRO_PER_CENT, cents, dollars })
  })

  it.each([
    ['-1', /"-1" is negative; enter an amount of more than 0 dollars/],
    ['1,50', /"1,50" has a misplaced comma; commas separate groups of three digits, as in 1,500/],
    ['12,345,67', /misplaced comma/],
    ['abc', /"abc" is not an amount in dollars; type digits/],
    ['1e3', /"1e3" is not an amount in dollars/],
    ['12.', /"12\." is not an amount in dollars/],
    ['1.234', /"1\.234" has more than two decimal places; amounts in dollars go to the cent/],
    ['', /^Enter an amount in dollars, such as 1,500 or 1500\.25\.$/],
    ['   ', /^Enter an amount in dollars/],
    ['0', /^Enter an amount above \$0\.$/],
    ['$0.00', /^Enter an amount above \$0\.$/],
    ['12345678901234', /too large: at most 13 digits before the decimal point/],
  ])('refuses %j with a message that says what to type', (typed, message) => {
    const read = parseTypedDollars(typed)
    expect(read.ok).toBe(false)
    expect(!read.ok && read.message).toMatch(message)
  })

  it('takes $0 where zero is a real amount (a spend limit that blocks all spend), still refusing negatives', () => {
    expect(parseTypedDollars('0', { allowZero: true })).toEqual({ ok: true, micro: 0n, cents: '0', dollars: '0' })
    expect(parseTypedDollars('-5', { allowZero: true })).toEqual({ ok: false, message: '"-5" is negative; enter an amount of 0 or more dollars.' })
  })
})

describe('formatUsdPlain', () => {
  it.each([0n, 1n, 499_999n, 500_000n, -500_000n, 123_456_789n, 100_000_000_000n, -98_765_432_100_000n, 99_999_999_999_999_999n])(
    'prints %s micro-cents as Intl does in en-US, without Intl',
    (micro) => {
      expect(formatUsdPlain(micro)).toBe(formatMoney(micro, { locale: 'en-US' }))
      expect(formatUsdPlain(micro, 0)).toBe(formatMoney(micro, { locale: 'en-US', digits: 0 }))
    },
  )
})
