import { describe, expect, it } from 'vitest'
import { NOW, SETTINGS, daysAgo, facts, key } from './facts-kit'
import { oldKeyRule } from './old-key'

describe('old-key rule', () => {
  it('flags active keys at or past the rotation age; a profile-held key gets the rotation fix', () => {
    const f = facts({ apiKeys: [key('k1', { createdAt: daysAgo(90) }), key('k2', { createdAt: daysAgo(120) }), key('k3', { createdAt: daysAgo(89) })], profileOfKey: new Map([['k1', 'acme']]) })
    const found = oldKeyRule.check(f, SETTINGS, NOW)
    expect(found.map((x) => x.id)).toEqual(['old-key:k1', 'old-key:k2'])
    expect(found[0]).toMatchObject({ title: 'Key key-k1 is 90 days old', fix: { kind: 'rotate-key', profile: 'acme', targetId: 'k1' } })
    expect(found[1]!.fix).toBeNull()
    expect(found[1]!.advice).toMatch(/Claude Console/)
    expect(found[0]!.evidence).toContain('Rotation age: 90 days')
  })
  it('ignores keys that are not active and follows the rotation age', () => {
    expect(oldKeyRule.check(facts({ apiKeys: [key('k1', { createdAt: daysAgo(300), status: 'archived' })] }), SETTINGS, NOW)).toEqual([])
    expect(oldKeyRule.check(facts({ apiKeys: [key('k1', { createdAt: daysAgo(40) })] }), { ...SETTINGS, rotationAgeDays: 30 }, NOW)).toHaveLength(1)
  })
})
