import { describe, expect, it } from 'vitest'
import { memberName, usersToAdd } from './member-names'

const users = new Map([
  ['user_1', { name: 'Ada Lovelace', email: 'ada@example.com' }],
  ['user_2', { name: 'Grace Hopper', email: 'grace@navy.example' }],
  ['user_3', { name: '', email: 'ops@example.com' }],
])

describe('workspace member names', () => {
  it('shows a member by name and email, never the raw id but in the tooltip', () => {
    expect(memberName('user_1', users)).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', label: 'Ada Lovelace (ada@example.com)', title: 'user_1' })
    expect(memberName('user_3', users)).toMatchObject({ name: 'ops@example.com', email: null, label: 'ops@example.com' })
    expect(memberName('user_9', users)).toMatchObject({ name: 'Former or unknown user', title: 'user_9' })
    expect(memberName('user_1', null).name).toBe('…')
  })
  it('offers the users who are not members yet, found by name or email', () => {
    expect(usersToAdd(users, [{ userId: 'user_2' }]).map((u) => u.label)).toEqual(['Ada Lovelace (ada@example.com)', 'ops@example.com'])
    expect(usersToAdd(users, [], 'grace').map((u) => u.id)).toEqual(['user_2'])
    expect(usersToAdd(users, [], '@EXAMPLE.com').map((u) => u.id)).toEqual(['user_1', 'user_3'])
    expect(usersToAdd(null, [])).toEqual([])
  })
})
