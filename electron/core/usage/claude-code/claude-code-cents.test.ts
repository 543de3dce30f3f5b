import { describe, expect, it } from 'vitest'
import { centsNumberToMicro } from './claude-code-cents'

describe('centsNumberToMicro reads a JSON number of cents exactly', () => {
  it('keeps what the server wrote, to the micro-cent', () => {
    expect(centsNumberToMicro(0)).toBe(0n)
    expect(centsNumberToMicro(12.34)).toBe(12_340_000n)
    expect(centsNumberToMicro(123.456789)).toBe(123_456_789n)
    expect(centsNumberToMicro(JSON.parse('987654321.123456'))).toBe(987_654_321_123_456n)
    expect(centsNumberToMicro(JSON.parse('0.000001'))).toBe(1n)
  })
  it('rounds float residue beyond a micro-cent half-up, from the decimal digits', () => {
    expect(centsNumberToMicro(0.1 + 0.2)).toBe(300_000n) // 0.30000000000000004
    expect(centsNumberToMicro(12.3000005)).toBe(12_300_001n)
    expect(centsNumberToMicro(12.3000004)).toBe(12_300_000n)
    expect(centsNumberToMicro(1e-7)).toBe(0n) // written 1e-7
    expect(centsNumberToMicro(6e-7)).toBe(1n)
    expect(centsNumberToMicro(0.9999999)).toBe(1_000_000n)
  })
  it('refuses what is not a non-negative, finite number of cents Keyward can hold, saying why', () => {
    expect(centsNumberToMicro('12.34')).toMatch(/a string, not a JSON number of cents/)
    expect(centsNumberToMicro(null)).toMatch(/null/)
    expect(centsNumberToMicro(-0.01)).toMatch(/negative/)
    expect(centsNumberToMicro(Number.NaN)).toMatch(/not a finite number/)
    expect(centsNumberToMicro(Number.POSITIVE_INFINITY)).toMatch(/not a finite number/)
    expect(centsNumberToMicro(1e15)).toMatch(/more than 15 digits/)
    expect(centsNumberToMicro(1e300)).toMatch(/more than 15 digits/)
  })
})
