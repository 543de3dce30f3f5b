import { describe, expect, it } from 'vitest'
import { hintsMatch, keyMatchesHint, maskApiHint } from './key-hints'
import { maskKey } from './keys.schema'

const key = `sk-ant-api03-R2D${'x'.repeat(89)}igAA`

describe('hint matching', () => {
  it('matches the Admin API hint to the vault hint of the same key', () => {
    expect(hintsMatch('sk-ant-api03-R2D...igAA', maskKey(key))).toBe(true)
    expect(hintsMatch(maskApiHint('sk-ant-api03-R2D...igAA'), maskKey(key))).toBe(true)
    expect(keyMatchesHint(key, 'sk-ant-api03-R2D...igAA')).toBe(true)
    expect(keyMatchesHint(key, maskKey(key))).toBe(true)
  })
  it('does not match other keys or missing hints', () => {
    expect(hintsMatch('sk-ant-api03-R2D...igAB', 'sk-ant-api03-R2D…igAA')).toBe(false)
    expect(hintsMatch('sk-ant-api03-Q2D...igAA', 'sk-ant-api03-R2D…igAA')).toBe(false)
    expect(hintsMatch(null, 'sk-ant-api03-R2D…igAA')).toBe(false)
    expect(keyMatchesHint(key, null)).toBe(false)
    expect(keyMatchesHint(key, 'garbage')).toBe(false)
  })
})

describe('maskApiHint', () => {
  it("cuts the API's 16-character head to the vault's 15, so it equals the vault's own hint", () => {
    expect(maskApiHint('sk-ant-api03-R2D...igAA')).toBe('sk-ant-api03-R2…igAA')
    expect(maskApiHint('sk-ant-api03-R2D...igAA')).toBe(maskKey(key))
  })
  it('gives null for a missing or unreadable hint', () => {
    expect(maskApiHint(null)).toBeNull()
    expect(maskApiHint('no separator here')).toBeNull()
  })
})
