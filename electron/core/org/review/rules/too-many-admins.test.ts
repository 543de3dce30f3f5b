import { describe, expect, it } from 'vitest'
import { NOW, SETTINGS, facts, user } from './facts-kit'
import { tooManyAdminsRule } from './too-many-admins'

describe('admin-role rule (over-provisioned permissions)', () => {
  const users = [user('owner', 'primary_owner'), user('a1', 'admin'), user('a2', 'admin'), user('a3', 'admin'), user('d1')]
  it('above the threshold, gives each admin a finding whose advice says where in the Console to change the role (the API refuses it, so no fix)', () => {
    const found = tooManyAdminsRule.check(facts({ users }), SETTINGS, NOW)
    expect(found.map((f) => f.id)).toEqual(['admin-role:a1', 'admin-role:a2', 'admin-role:a3'])
    expect(found[0]).toMatchObject({ title: 'Person a1 is one of 4 admins and owners', fix: null })
    expect(found[0]!.advice).toContain(
      "Admin API key cannot change the role of a person whose role is admin: change Person a1's role in the Claude Console (Settings → Members), or accept this with a reason.",
    )
    expect(found[0]!.evidence[0]).toBe('4 people hold admin or owner roles; the threshold is 3')
    expect(found[0]!.evidence).toContain('Person owner <owner@example.com>: primary owner')
  })
  it('says nothing at or under the threshold', () => {
    expect(tooManyAdminsRule.check(facts({ users }), { ...SETTINGS, maxAdmins: 4 }, NOW)).toEqual([])
  })
})
