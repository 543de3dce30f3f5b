import { describe, expect, it } from 'vitest'
import { NOW, SETTINGS, daysAgo, facts, key } from './facts-kit'
import { unusedKeyRule } from './unused-key'

const lastUsed = (keys: Record<string, string>, coveredFrom = daysAgo(90)) => ({
  orgId: 'org_1',
  lastSyncedAt: NOW.toISOString(),
  coveredFrom,
  keys: Object.fromEntries(Object.entries(keys).map(([id, at]) => [id, { at, bucket: 'day' as const }])),
})

describe('unused-key rule', () => {
  it('flags an active key last used longer ago than the threshold, with the date as evidence and deactivate as the fix', () => {
    const found = unusedKeyRule.check(facts({ apiKeys: [key('k1', { createdAt: daysAgo(200) })], lastUsed: lastUsed({ k1: daysAgo(45) }) }), SETTINGS, NOW)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ id: 'unused-key:k1', title: 'Key key-k1 has not been used for 45 days', fix: { kind: 'deactivate-key', targetId: 'k1' } })
    expect(found[0]!.evidence[0]).toBe(`Last used ${daysAgo(45).slice(0, 10)} (45 days ago)`)
  })
  it('flags a key with no use in a cache that reaches back far enough', () => {
    const found = unusedKeyRule.check(facts({ apiKeys: [key('k1', { createdAt: daysAgo(200) })], lastUsed: lastUsed({}, daysAgo(40)) }), SETTINGS, NOW)
    expect(found[0]?.evidence[0]).toMatch(/^No use since .*, where the usage cache starts \(40 days\)/)
  })
  it('leaves alone recent use, young keys, inactive keys, a short cache and a never-synced org', () => {
    const old = { createdAt: daysAgo(200) }
    expect(unusedKeyRule.check(facts({ apiKeys: [key('k1', old)], lastUsed: lastUsed({ k1: daysAgo(29) }) }), SETTINGS, NOW)).toEqual([])
    expect(unusedKeyRule.check(facts({ apiKeys: [key('k1', { createdAt: daysAgo(20) })], lastUsed: lastUsed({}) }), SETTINGS, NOW)).toEqual([])
    expect(unusedKeyRule.check(facts({ apiKeys: [key('k1', { ...old, status: 'inactive' })], lastUsed: lastUsed({}) }), SETTINGS, NOW)).toEqual([])
    expect(unusedKeyRule.check(facts({ apiKeys: [key('k1', old)], lastUsed: lastUsed({}, daysAgo(10)) }), SETTINGS, NOW)).toEqual([])
    expect(unusedKeyRule.check(facts({ apiKeys: [key('k1', old)], lastUsed: { orgId: 'org_1', lastSyncedAt: null, coveredFrom: null, keys: {} } }), SETTINGS, NOW)).toEqual([])
  })
  it('follows the threshold', () => {
    const f = facts({ apiKeys: [key('k1', { createdAt: daysAgo(200) })], lastUsed: lastUsed({ k1: daysAgo(45) }) })
    expect(unusedKeyRule.check(f, { ...SETTINGS, unusedDays: 60 }, NOW)).toEqual([])
    expect(unusedKeyRule.check(f, { ...SETTINGS, unusedDays: 45 }, NOW)).toHaveLength(1)
  })
})
