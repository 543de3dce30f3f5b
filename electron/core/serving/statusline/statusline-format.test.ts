import { describe, expect, it } from 'vitest'
import { DEFAULT_LAYOUT, formatStatusline, oneLine } from './statusline-format'

const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

describe('the status line and outside text', () => {
  it('flattens newlines and tabs to a space and shows every other control or bidi character in escape notation', () => {
    expect(oneLine('a\nb\tc \u001b]0;OWNED\u0007 \u202Egnp.exe \u009b')).toBe('a b c \\x1b]0;OWNED\\x07 \\u202egnp.exe \\x9b')
  })

  it('a hostile profile name is one visible line, cut, with no key-shaped text', () => {
    const name = `batch\u001b[2J\u001b[31mRED\u202Egnp.exe\nsk-ant-api03-${'A'.repeat(40)}${'z'.repeat(400)}`
    const line = formatStatusline({ profile: { name, reason: 'binding' }, spend: null, budget: null, stale: null }, DEFAULT_LAYOUT, Date.parse('2026-04-20T15:30:00Z'), 'en-US')
    expect(line).not.toMatch(FORBIDDEN)
    expect(line.startsWith('batch\\x1b[2J\\x1b[31mRED\\u202egnp.exe sk-ant-[redacted]')).toBe(true)
    expect(line.length).toBeLessThanOrEqual(300)
  })
})
