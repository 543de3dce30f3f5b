import type Anthropic from '@anthropic-ai/sdk'

/** One Anthropic organization Keyward administers: where its Admin API is and which Admin-key profile opens it. */
export interface Org {
  /** Anthropic's organization id (from `GET /v1/organizations/me`), or `demo` for the built-in demo org. */
  id: string
  name: string
  /** The Admin API's base URL; `https://api.anthropic.com` unless pointed elsewhere (the demo emulator, a proxy). */
  baseURL: string
  /** The vault profile (kind `admin`) whose keychain secret is the Admin key; null for the demo org. */
  adminProfile: string | null
  /** True for the in-process emulator's seeded org, whose Admin key lives only in memory. */
  demo: boolean
}

/**
 * The read side of the org registry, which other services (usage sync, rotation) depend on.
 * `client` hands back the official SDK client built with the org's Admin key and base URL; the
 * key never leaves it. It throws a KeywardError (NOT_FOUND, KEYCHAIN_UNAVAILABLE, …) when it cannot.
 */
export interface OrgDirectory {
  /** Every org, configured ones first, the demo org last. */
  list(): Promise<Org[]>
  /** The official SDK client for one org. */
  client(orgId: string): Promise<Anthropic>
}
