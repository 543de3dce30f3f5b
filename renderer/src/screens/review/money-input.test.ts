import { describe, expect, it } from 'vitest'
import { centsToTyped, typedDollarsToCents } from './money-input'

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
