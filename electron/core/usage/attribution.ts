import { hintsMatch } from '../../../shared/key-hints'
import type { CatalogKey } from './catalog-types'

/** A local profile as attribution needs it: its name and masked hint (never the key). */
export interface LocalProfile {
  readonly name: string
  readonly hint: string
}

/** A binding of a project directory to a profile. */
export interface LocalBinding {
  readonly directory: string
  readonly profile: string
}

/** Where attribution reads local profiles and bindings (the vault engineer's config, read-only). */
export interface AttributionSource {
  profiles(): Promise<readonly LocalProfile[]>
  bindings(): Promise<readonly LocalBinding[]>
}

/** A source with no profiles and no bindings (tests, or before the vault is wired). */
export const emptyAttributionSource: AttributionSource = { profiles: async () => [], bindings: async () => [] }

/** How each org key is attributed locally. */
export interface Attribution {
  /** API key id → the local profile holding it. */
  readonly profileOfKey: ReadonlyMap<string, string>
  /** API key id → the project directories whose bound profile holds it (one: the project's; several: shared). */
  readonly projectsOfKey: ReadonlyMap<string, readonly string[]>
}

/** Matches org keys to local profiles by hint, and through bindings to projects. */
export function attribute(keys: readonly CatalogKey[], profiles: readonly LocalProfile[], bindings: readonly LocalBinding[]): Attribution {
  const profileOfKey = new Map<string, string>()
  for (const key of keys) {
    if (!key.hint) continue
    const match = profiles.find((p) => hintsMatch(key.hint, p.hint))
    if (match) profileOfKey.set(key.id, match.name)
  }
  const dirsOfProfile = new Map<string, string[]>()
  for (const b of bindings) dirsOfProfile.set(b.profile, [...(dirsOfProfile.get(b.profile) ?? []), b.directory])
  const projectsOfKey = new Map<string, readonly string[]>()
  for (const [keyId, profile] of profileOfKey) {
    const dirs = [...new Set(dirsOfProfile.get(profile) ?? [])].sort()
    if (dirs.length > 0) projectsOfKey.set(keyId, dirs)
  }
  return { profileOfKey, projectsOfKey }
}
