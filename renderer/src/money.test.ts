import { describe, expect, it } from 'vitest'
import { parseTypedDollars } from '../../shared/money'
import { centsToTyped, showCents } from './money'

describe("showCents (the Admin API's minor units, through shared/money)", () => {
  it('shows fractional cents as exact dollars: 114.20823 cents is $1.14, not "$114.208.23"', () => {
    expect(navigator.language).toBe('en-US')
    expect(showCents('114.20823', 'USD')).toBe('$1.14')
    expect(showCents('33406845.9', 'USD')).toBe('$334,068.46')
    expect(showCents('0.5', 'USD')).toBe('$0.01')
    expect(showCents('50000', 'USD')).toBe('$500.00')
    expect(showCents('7', 'USD')).toBe('$0.07')
    expect(showCents(null, 'USD')).toBe('no limit')
  })
})

describe('centsToTyped', () => {
  it('starts an input from cents, in a form parseTypedDollars reads back', () => {
    expect(centsToTyped('100000')).toBe('1000.00')
    expect(centsToTyped('7')).toBe('0.07')
    for (const cents of ['100000', '7', '150025']) expect(parseTypedDollars(centsToTyped(cents))).toMatchObject({ ok: true, cents })
  })
})
