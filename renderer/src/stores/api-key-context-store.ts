import { create } from 'zustand'
import type { AdminUser, KeysLastUsed } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import type { Result } from '../../../shared/result'
import { client } from '../transport/client'

/** An org user as the API keys screen names a key's creator. */
export interface CreatorName {
  name: string
  email: string
}

/** What the API keys screen knows about one org beyond the keys: who is who, and each key's last use. */
export interface OrgKeyContext {
  /** Every org user by id; null until listed (or when listing failed). */
  users: Map<string, CreatorName> | null
  usersError: WireError | null
  /** Last use per key from the local usage cache; null until read. */
  lastUsed: KeysLastUsed | null
  lastUsedError: WireError | null
}

/** Per-org context for the API keys screen: users cached per org, last use refreshed on each visit. */
interface KeyContextState {
  byOrg: Record<string, OrgKeyContext>
  /** Lists the org's users once (every page) and rereads last use from the usage cache. */
  load(orgId: string): Promise<void>
}

const MAX_USER_PAGES = 100
const empty = (): OrgKeyContext => ({ users: null, usersError: null, lastUsed: null, lastUsedError: null })

async function listAllUsers(orgId: string): Promise<{ users: Map<string, CreatorName> } | { error: WireError }> {
  const users = new Map<string, CreatorName>()
  let cursor: string | null = null
  for (let page = 0; page < MAX_USER_PAGES; page++) {
    const result: Result<{ items: AdminUser[]; nextCursor: string | null }> = await client.call('admin.listUsers', { orgId, cursor, limit: 100 })
    if (!result.ok) return { error: result.error }
    for (const u of result.value.items) users.set(u.id, { name: u.name, email: u.email })
    cursor = result.value.nextCursor
    if (cursor === null) break
  }
  return { users }
}

/** The API keys screen's creator names and last-use map, per org. */
export const useKeyContextStore = create<KeyContextState>((set, get) => {
  const patch = (orgId: string, change: Partial<OrgKeyContext>) => set((s) => ({ byOrg: { ...s.byOrg, [orgId]: { ...(s.byOrg[orgId] ?? empty()), ...change } } }))
  return {
    byOrg: {},
    async load(orgId) {
      const cached = get().byOrg[orgId]
      const users = cached?.users != null ? Promise.resolve() : listAllUsers(orgId).then((r) => patch(orgId, 'users' in r ? { users: r.users, usersError: null } : { usersError: r.error }))
      const lastUsed = client.call('usage.lastUsed', { orgId }).then((r) => patch(orgId, r.ok ? { lastUsed: r.value, lastUsedError: null } : { lastUsedError: r.error }))
      await Promise.all([users, lastUsed])
    },
  }
})
