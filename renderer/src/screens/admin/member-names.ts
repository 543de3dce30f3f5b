import type { AdminMember } from '../../../../shared/contract'
import type { CreatorName } from '../../stores/api-key-context-store'

/** How a workspace member is shown: name, email, a label for buttons, and the id in a tooltip only. */
export interface MemberName {
  name: string
  email: string | null
  /** "Ada Lovelace (ada@example.com)": for labels and confirmations. */
  label: string
  title: string
}

/** A member by name and email from the org's users; "Former or unknown user" when the id is not among them. */
export function memberName(userId: string, users: ReadonlyMap<string, CreatorName> | null): MemberName {
  const user = users?.get(userId)
  if (!user) return { name: users === null ? '…' : 'Former or unknown user', email: null, label: users === null ? 'this member' : 'a former or unknown user', title: userId }
  const name = user.name.trim() || user.email
  return { name, email: user.name.trim() ? user.email : null, label: user.name.trim() ? `${name} (${user.email})` : user.email, title: userId }
}

/** The org's users who are not yet members and whose name or email contains `find`, labelled "Name (email)", sorted, for the picker. */
export function usersToAdd(users: ReadonlyMap<string, CreatorName> | null, members: readonly Pick<AdminMember, 'userId'>[], find = ''): Array<{ id: string; label: string }> {
  if (users === null) return []
  const taken = new Set(members.map((m) => m.userId))
  const needle = find.trim().toLowerCase()
  return [...users.entries()]
    .filter(([id, u]) => !taken.has(id) && (needle === '' || u.name.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle)))
    .map(([id, u]) => ({ id, label: u.name.trim() ? `${u.name.trim()} (${u.email})` : u.email }))
    .sort((a, b) => a.label.localeCompare(b.label))
}
