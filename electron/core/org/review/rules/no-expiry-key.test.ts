import { describe, expect, it } from 'vitest'
import { NOW, SETTINGS, facts, key } from './facts-kit'
import { noExpiryKeyRule } from './no-expiry-key'

describe('no-expiry rule', () => {
  it('gives one finding per workspace for active keys that never expire', () => {
    const f = facts({ apiKeys: [key('k1', { expiresAt: null }), key('k2', { expiresAt: null }), key('k3', { expiresAt: null, workspaceId: 'ws_default' }), key('k4')] })
    const found = noExpiryKeyRule.check(f, SETTINGS, NOW)
    expect(found.map((x) => [x.id, x.title])).toEqual([
      ['no-expiry:ws_prod', '2 active keys in the workspace Production never expire'],
      ['no-expiry:ws_default', '1 active key in the Default workspace never expires'],
    ])
    expect(found[0]!.fix).toBeNull()
  })
  it('ignores keys with an expiry and keys that are not active', () => {
    expect(noExpiryKeyRule.check(facts({ apiKeys: [key('k1'), key('k2', { expiresAt: null, status: 'inactive' })] }), SETTINGS, NOW)).toEqual([])
  })
})
