import type { CatalogKey } from './usage-manifest'

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

function splitHint(hint: string): { head: string; tail: string } | null {
  const parts = hint.split(/\.{3}|…|\*{3,}/)
  if (parts.length !== 2) return null
  return { head: parts[0] ?? '', tail: parts[1] ?? '' }
}

/**
 * Whether an org key's `partial_key_hint` ("sk-ant-api03-R2D...igAA") and a local profile's
 * masked hint describe the same key: the same last characters (4 at least), and heads that agree
 * as far as both go.
 */
export function hintsMatch(apiHint: string, localHint: string): boolean {
  const a = splitHint(apiHint)
  const b = splitHint(localHint)
  if (!a || !b || a.tail.length < 4 || b.tail.length < 4) return false
  const n = Math.min(a.tail.length, b.tail.length)
  if (a.tail.slice(-n) !== b.tail.slice(-n)) return false
  return a.head.startsWith(b.head) || b.head.startsWith(a.head)
}

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
    const match = profiles.find((p) => hintsMatch(key.hint ?? '', p.hint))
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
