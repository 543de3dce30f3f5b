import type { UsageGroup, UsageGroupBy } from '../../../shared/contract/usage.contract'
import type { Attribution } from './attribution'
import type { Series } from './store/totals'
import { productLabel } from '../../../shared/products'
import { FEDERATED_PREFIX } from './actor-id'
import type { ActorInfo, Catalog } from './catalog-types'

/** How one series is labelled in a breakdown. */
export interface GroupLabel {
  readonly id: string
  readonly label: string
  readonly kind: UsageGroup['kind']
  readonly detail: string | null
}

/** Ids of the special groups (they start with `~`, which no key, model, workspace or path does). */
export const SPECIAL = { none: '~no-api-key', unmatched: '~not-in-keyward', shared: '~shared', unbound: '~no-project', noActor: '~unattributed', noProduct: '~no-product' } as const

const NO_KEY: GroupLabel = { id: SPECIAL.none, label: 'Without an API key', kind: 'unattributed', detail: 'Console, Workbench and other usage not made with an API key' }
const UNMATCHED: GroupLabel = { id: SPECIAL.unmatched, label: 'Org keys not in Keyward', kind: 'unmatched', detail: 'No local profile matches these keys’ hints' }

const NO_ACTOR: GroupLabel = { id: SPECIAL.noActor, label: 'Unattributed', kind: 'unattributed', detail: 'Usage the API attributes to no user, service account, key or federated identity' }
const NO_PRODUCT: GroupLabel = { id: SPECIAL.noProduct, label: 'No product', kind: 'unattributed', detail: 'Usage the API attributes to no product (e.g. code execution)' }

/** A person's label: their name or e-mail, marked when the account was deleted or they left the org. */
export function personLabel(actor: Pick<ActorInfo, 'id' | 'name' | 'email' | 'deleted'>): string {
  const named = actor.name && actor.name !== 'Deleted User' ? actor.name : null
  if (actor.deleted && actor.email === null) return `${named ?? 'Deleted user'} (account deleted)`
  const base = named ?? actor.email ?? actor.id
  return actor.deleted ? `${base} (no longer in the org)` : base
}

/**
 * Names an actor's group: a person by name or e-mail, a service account, a key used with no
 * person behind it, a federated identity by its subject. The id is the actor's tagged id.
 */
export function actorGroup(actorId: string, info: ActorInfo | undefined, keyName: (id: string) => { name: string; hint: string | null } | undefined): GroupLabel {
  if (!actorId) return NO_ACTOR
  if (actorId.startsWith(FEDERATED_PREFIX)) {
    const [provider = '', ...subject] = actorId.slice(FEDERATED_PREFIX.length).split(':')
    return { id: actorId, label: subject.join(':') || 'Federated identity', kind: 'group', detail: `Federated identity (${provider})` }
  }
  if (info?.type === 'service_account' || actorId.startsWith('svac_')) return { id: actorId, label: `Service account …${actorId.slice(-6)}`, kind: 'group', detail: actorId }
  if (info?.type === 'api_key' || actorId.startsWith('apikey_')) {
    const key = keyName(actorId)
    return { id: actorId, label: key?.name ?? actorId, kind: 'group', detail: `API key${key?.hint ? ` ${key.hint}` : ''}, no person attributed` }
  }
  const label = info ? personLabel(info) : actorId
  return { id: actorId, label, kind: 'group', detail: info?.email ?? actorId }
}

/**
 * Builds the function that names a series' group for a breakdown. Per project, a key counts for
 * a project only when its profile is bound to that project alone; keys bound to several projects
 * form one "shared" group, so no spend is ever counted twice.
 */
export function grouper(by: UsageGroupBy, catalog: Catalog | null, attribution: Attribution, actors: readonly ActorInfo[] = []): (s: Series) => GroupLabel {
  const keys = new Map((catalog?.keys ?? []).map((k) => [k.id, k]))
  const workspaces = new Map((catalog?.workspaces ?? []).map((w) => [w.id, w.name]))
  const cache = new Map<string, GroupLabel>()
  const memo = (id: string, make: () => GroupLabel): GroupLabel => {
    let g = cache.get(id)
    if (!g) {
      g = make()
      cache.set(id, g)
    }
    return g
  }
  switch (by) {
    case 'user': {
      // A user the last report named as a member but the member list no longer has has left since
      // (their older usage is never refetched, so the member list is the newer word).
      const members = catalog?.users && catalog.users.length > 0 ? new Set(catalog.users.map((u) => u.id)) : null
      const infos = new Map(actors.map((a) => [a.id, a.type === 'user' && !a.deleted && members && !members.has(a.id) ? { ...a, deleted: true } : a]))
      for (const u of catalog?.users ?? []) if (!infos.has(u.id)) infos.set(u.id, { id: u.id, type: 'user', name: u.name, email: u.email, deleted: false })
      const keyOf = (id: string) => keys.get(id)
      return (s) => memo(s.actorId, () => actorGroup(s.actorId, infos.get(s.actorId), keyOf))
    }
    case 'product':
      return (s) => memo(s.product, () => (s.product ? { id: s.product, label: productLabel(s.product), kind: 'group', detail: s.product } : NO_PRODUCT))
    case 'model':
      return (s) => memo(s.model, () => ({ id: s.model || '~unknown', label: s.model || 'Unknown model', kind: 'group', detail: null }))
    case 'workspace':
      return (s) =>
        memo(s.workspaceId, () => ({
          id: s.workspaceId || '~default',
          label: s.workspaceId ? (workspaces.get(s.workspaceId) ?? s.workspaceId) : 'Default workspace',
          kind: 'group',
          detail: s.workspaceId || null,
        }))
    case 'key':
      return (s) =>
        memo(s.apiKeyId, () => {
          if (!s.apiKeyId) return NO_KEY
          const key = keys.get(s.apiKeyId)
          const profile = attribution.profileOfKey.get(s.apiKeyId)
          const hint = key?.hint ?? s.apiKeyId
          return {
            id: s.apiKeyId,
            label: key?.name ?? s.apiKeyId,
            kind: profile ? 'group' : 'unmatched',
            // An unmatched key's row already says "not in Keyward" (its kind); the detail is its hint alone.
            detail: profile ? `${hint} · profile ${profile}` : hint,
          }
        })
    case 'profile':
      return (s) => {
        if (!s.apiKeyId) return NO_KEY
        const profile = attribution.profileOfKey.get(s.apiKeyId)
        return profile ? memo(profile, () => ({ id: profile, label: profile, kind: 'group', detail: null })) : UNMATCHED
      }
    case 'project':
      return (s) => {
        if (!s.apiKeyId) return NO_KEY
        if (!attribution.profileOfKey.has(s.apiKeyId)) return UNMATCHED
        const dirs = attribution.projectsOfKey.get(s.apiKeyId) ?? []
        if (dirs.length === 0) {
          return memo(SPECIAL.unbound, () => ({ id: SPECIAL.unbound, label: 'Not bound to a project', kind: 'group', detail: 'Keys in Keyward that no directory is bound to' }))
        }
        if (dirs.length > 1) {
          return memo(SPECIAL.shared, () => ({ id: SPECIAL.shared, label: 'Shared by several projects', kind: 'shared', detail: 'Keys bound to more than one project; counted once, here' }))
        }
        const dir = dirs[0] ?? ''
        return memo(dir, () => ({ id: dir, label: dir, kind: 'group', detail: null }))
      }
  }
}
