import { describe, expect, it } from 'vitest'
import { centsToTyped, showCents, typedDollarsToCents } from './money'

describe('showCents (the Admin API\'s minor units, through shared/money)', () => {
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

describe('typed dollar amounts', () => {
  it('reads whole and decimal dollars as exact cents', () => {
    expect(typedDollarsToCents('1000')).toBe('100000')
    expect(typedDollarsToCents(' $250.5 ')).toBe('25050')
    expect(typedDollarsToCents('0.07')).toBe('7')
  })
  it('refuses what is not a positive whole-cent amount', () => {
    for (const bad of ['', '0', '-5', '1,000', 'ten', '0.001', '1e3']) expect(typedDollarsToCents(bad), bad).toBeNull()
  })
  it('starts an input from cents', () => {
    expect(centsToTyped('100000')).toBe('1000.00')
    expect(centsToTyped('7')).toBe('0.07')
  })
})
