import { describe, expect, it } from 'vitest'
import { NOW, SETTINGS, facts, user } from './facts-kit'
import { tooManyAdminsRule } from './too-many-admins'

describe('admin-role rule (over-provisioned permissions)', () => {
  const users = [user('owner', 'primary_owner'), user('a1', 'admin'), user('a2', 'admin'), user('a3', 'admin'), user('d1')]
  it('above the threshold, gives each admin a finding with "make developer" as the fix (owners are left to the Console)', () => {
    const found = tooManyAdminsRule.check(facts({ users }), SETTINGS, NOW)
    expect(found.map((f) => f.id)).toEqual(['admin-role:a1', 'admin-role:a2', 'admin-role:a3'])
    expect(found[0]).toMatchObject({ title: 'Person a1 is one of 4 admins and owners', fix: { kind: 'change-role', targetId: 'a1' } })
    expect(found[0]!.evidence[0]).toBe('4 people hold admin or owner roles; the threshold is 3')
    expect(found[0]!.evidence).toContain('Person owner <owner@example.com>: primary owner')
  })
  it('says nothing at or under the threshold', () => {
    expect(tooManyAdminsRule.check(facts({ users }), { ...SETTINGS, maxAdmins: 4 }, NOW)).toEqual([])
  })
})
