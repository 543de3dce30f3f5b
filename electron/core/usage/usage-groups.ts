import type { UsageGroup, UsageGroupBy } from '../../../shared/contract/usage.contract'
import type { Attribution } from './attribution'
import type { Series } from './usage-index'
import type { Catalog } from './usage-manifest'

/** How one series is labelled in a breakdown. */
export interface GroupLabel {
  readonly id: string
  readonly label: string
  readonly kind: UsageGroup['kind']
  readonly detail: string | null
}

/** Ids of the special groups (they start with `~`, which no key, model, workspace or path does). */
export const SPECIAL = { none: '~no-api-key', unmatched: '~not-in-keyward', shared: '~shared', unbound: '~no-project' } as const

const NO_KEY: GroupLabel = { id: SPECIAL.none, label: 'Without an API key', kind: 'unattributed', detail: 'Console, Workbench and other usage not made with an API key' }
const UNMATCHED: GroupLabel = { id: SPECIAL.unmatched, label: 'Org keys not in Keyward', kind: 'unmatched', detail: 'No local profile matches these keys’ hints' }

/**
 * Builds the function that names a series' group for a breakdown. Per project, a key counts for
 * a project only when its profile is bound to that project alone; keys bound to several projects
 * form one "shared" group, so no spend is ever counted twice.
 */
export function grouper(by: UsageGroupBy, catalog: Catalog | null, attribution: Attribution): (s: Series) => GroupLabel {
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
