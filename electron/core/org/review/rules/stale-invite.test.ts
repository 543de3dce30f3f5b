import { describe, expect, it } from 'vitest'
import { NOW, SETTINGS, daysAgo, facts, invite } from './facts-kit'
import { staleInviteRule } from './stale-invite'

describe('stale-invite rule', () => {
  it('flags pending invites past their expiry, with delete as the fix', () => {
    const found = staleInviteRule.check(facts({ invites: [invite('i1'), invite('i2', { expiresAt: daysAgo(-3) })] }), SETTINGS, NOW)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ id: 'stale-invite:i1', title: 'The invite for i1@example.com expired 9 days ago and is still pending', fix: { kind: 'delete-invite', targetId: 'i1' } })
  })
  it('ignores accepted and expired-status invites (the API deletes only pending ones)', () => {
    expect(staleInviteRule.check(facts({ invites: [invite('i1', { status: 'accepted' }), invite('i2', { status: 'expired' })] }), SETTINGS, NOW)).toEqual([])
  })
})
