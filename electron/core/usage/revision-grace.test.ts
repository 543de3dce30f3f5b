import { describe, expect, it } from 'vitest'
import { revisionGraceDaysFromEnv } from './revision-grace'

describe('KEYWARD_REVISION_GRACE_DAYS', () => {
  it('defaults to 8 and takes a whole number of days from 0 to 28', () => {
    expect(revisionGraceDaysFromEnv({})).toBe(8)
    expect(revisionGraceDaysFromEnv({ KEYWARD_REVISION_GRACE_DAYS: '10' })).toBe(10)
    expect(revisionGraceDaysFromEnv({ KEYWARD_REVISION_GRACE_DAYS: '0' })).toBe(0)
  })

  it('refuses anything else, naming the variable and the range', () => {
    for (const bad of ['-1', '29', '7.5', 'eight']) expect(() => revisionGraceDaysFromEnv({ KEYWARD_REVISION_GRACE_DAYS: bad })).toThrow(/KEYWARD_REVISION_GRACE_DAYS .*from 0 to 28/)
  })
})
