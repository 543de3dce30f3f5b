import { describe, expect, it } from 'vitest'
import { departedCreatorRule } from './departed-creator'
import { NOW, SETTINGS, facts, key, user } from './facts-kit'

describe('departed-creator rule', () => {
  it('flags active keys whose creating user is not in the org, with deactivate as the fix', () => {
    const f = facts({ users: [user('u1')], apiKeys: [key('k1', { createdBy: { id: 'gone', type: 'user' } }), key('k2')] })
    const found = departedCreatorRule.check(f, SETTINGS, NOW)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ id: 'departed-creator:k1', fix: { kind: 'deactivate-key', targetId: 'k1' } })
    expect(found[0]!.evidence[0]).toBe('Creator gone is not an org user any more')
    expect(found[0]!.evidence[1]).toMatch(/in the workspace Production$/)
  })
  it('ignores inactive keys, keys of service accounts and keys without a creator', () => {
    const f = facts({
      apiKeys: [key('k1', { createdBy: { id: 'gone', type: 'user' }, status: 'inactive' }), key('k2', { createdBy: { id: 'sa_1', type: 'service_account' } }), key('k3', { createdBy: null })],
    })
    expect(departedCreatorRule.check(f, SETTINGS, NOW)).toEqual([])
  })
})
