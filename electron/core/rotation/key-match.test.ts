import { describe, expect, it } from 'vitest'
import { hintsMatch, keyMatchesHint } from './key-match'

const key = `sk-ant-api03-R2D${'x'.repeat(89)}igAA`

describe('hint matching', () => {
  it('matches the Admin API hint to the vault hint of the same key', () => {
    expect(hintsMatch('sk-ant-api03-R2D...igAA', 'sk-ant-api03-R2D…igAA')).toBe(true)
    expect(keyMatchesHint(key, 'sk-ant-api03-R2D...igAA')).toBe(true)
  })
  it('does not match other keys or missing hints', () => {
    expect(hintsMatch('sk-ant-api03-R2D...igAB', 'sk-ant-api03-R2D…igAA')).toBe(false)
    expect(hintsMatch('sk-ant-api03-Q2D...igAA', 'sk-ant-api03-R2D…igAA')).toBe(false)
    expect(hintsMatch(null, 'sk-ant-api03-R2D…igAA')).toBe(false)
    expect(keyMatchesHint(key, null)).toBe(false)
    expect(keyMatchesHint(key, 'garbage')).toBe(false)
  })
})
