import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeJsonForTerminal, hasUnsafeText, jsonForTerminal, logLine, safeField, safeValue, terminalSafeOutput } from './terminal-text'

const HOSTILE = 'batch\u001b]0;OWNED\u0007\u001b[2J\u001b[31mRED\u001b[0m\u202Egnp.exe'
/** Every character the rule makes visible, as [character, how it is shown]. */
const CASES: Array<[string, string]> = [
  ['\u0000', '\\x00'],
  ['\u0007', '\\x07'],
  ['\u0008', '\\x08'],
  ['\r', '\\x0d'],
  ['\u001b', '\\x1b'],
  ['\u001f', '\\x1f'],
  ['\u007f', '\\x7f'],
  ['\u0080', '\\x80'],
  ['\u009b', '\\x9b'],
  ['\u009f', '\\x9f'],
  ['\u061c', '\\u061c'],
  ['\u200e', '\\u200e'],
  ['\u200f', '\\u200f'],
  ['\u2028', '\\u2028'],
  ['\u2029', '\\u2029'],
  ['\u202a', '\\u202a'],
  ['\u202e', '\\u202e'],
  ['\u2066', '\\u2066'],
  ['\u2069', '\\u2069'],
]
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

describe('the one rule for outside text', () => {
  it.each(CASES)('shows %j as %s, in a value and in output', (char, shown) => {
    expect(safeValue(`a${char}b`)).toBe(`a${shown}b`)
    expect(terminalSafeOutput(`a${char}b`)).toBe(`a${shown}b`)
    expect(hasUnsafeText(char)).toBe(true)
  })

  it('makes the whole attack visible and harmless', () => {
    expect(safeValue(HOSTILE)).toBe('batch\\x1b]0;OWNED\\x07\\x1b[2J\\x1b[31mRED\\x1b[0m\\u202egnp.exe')
    expect(safeValue(HOSTILE)).not.toMatch(FORBIDDEN)
  })

  it('a value shows its newlines and tabs (a faked line); output keeps the ones that lay it out', () => {
    expect(safeValue('key\nTotal  $0.00\tx')).toBe('key\\x0aTotal  $0.00\\x09x')
    expect(terminalSafeOutput('a\tb\nc\n')).toBe('a\tb\nc\n')
  })

  it('leaves ordinary text alone: accents, CJK, emoji, quotes, backslashes', () => {
    const plain = 'Zoë’s “prod” 日本 🚀 C:\\src'
    expect(safeValue(plain)).toBe(plain)
    expect(terminalSafeOutput(plain)).toBe(plain)
    expect(hasUnsafeText(plain)).toBe(false)
  })

  it('a field is made visible first, then cut at the end or in the middle, never longer than asked', () => {
    expect(safeField('x'.repeat(10), 10)).toBe('x'.repeat(10))
    expect(safeField('x'.repeat(11), 10)).toBe(`${'x'.repeat(9)}…`)
    const path = `/home/${'a'.repeat(300)}/project`
    const cut = safeField(path, 40, 'middle')
    expect(cut).toHaveLength(40)
    expect(cut.startsWith('/home/')).toBe(true)
    expect(cut.endsWith('/project')).toBe(true)
    expect(safeField(`\u202e${'y'.repeat(50)}`, 20)).toMatch(/^\\u202ey+…$/)
  })

  it('JSON for a terminal parses back to the exact value and holds none of those characters raw', () => {
    const value = { name: HOSTILE, other: 'del\u007f c1\u009b lrm\u200e ls\u2028' }
    const json = jsonForTerminal(value)
    expect(json).not.toMatch(FORBIDDEN)
    expect(JSON.parse(json)).toEqual(value)
    expect(JSON.parse(escapeJsonForTerminal(JSON.stringify(value)))).toEqual(value)
  })

  it('JSON for a terminal is output the terminal guard leaves as it is, for any JSON value (so printJson may write it around the guard)', () => {
    // Every character the rules treat apart (C0 with newline and tab, DEL, C1, bidi, U+2028/9, lone
    // surrogates, quote, backslash), among any other UTF-16 code unit.
    const special = fc.constantFrom(...CASES.map(([char]) => char), '\n', '\t', '\u0085', '\ud800', '\udfff', '\ud83d', '"', '\\', '/')
    const unit = fc.oneof(
      special,
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    )
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: unit, maxDepth: 4 }), (value) => {
        const json = jsonForTerminal(value)
        expect(terminalSafeOutput(json)).toBe(json)
      }),
      { numRuns: 500 },
    )
  })

  it('a log line is one line whatever its text holds', () => {
    expect(logLine('sync of batch\nkeyward: all good failed')).toBe('keyward: sync of batch\\x0akeyward: all good failed\n')
  })
})
