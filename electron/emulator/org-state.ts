/**
 * The emulated organisation's mutable state: the records the Admin API lists and edits, plus
 * the little that the usage generator needs per key (its index and usage window). Usage rows
 * themselves are never stored; see `usage-generator.ts`.
 */
import type { BetaAPIKey, BetaOrganization, BetaOrganizationInvite, BetaOrganizationUser, BetaSpendLimit, BetaWorkspace, BetaWorkspaceRole } from './wire-types'
import type { OrgPeople } from './people'

/** An org API key: its wire object, and what the usage generator needs to know about it. */
export interface ApiKeyRecord {
  wire: BetaAPIKey
  /** Position in generation order; part of every usage cell's hash, so it never changes. */
  readonly index: number
  /** The workspace the key belongs to (every emulated key is workspace-scoped). */
  readonly workspaceId: string
  /** First hour (since the epoch) with usage. */
  usageStartHour: number
  /** First hour without usage any more (exclusive end), or null while the key is in use. */
  usageEndHour: number | null
  /** The full key. Fake, but shaped like a real one so `partial_key_hint` matching works. */
  readonly secret: string
}

/** A rate-limit group the organisation has limits for. */
export interface OrgRateLimitGroup {
  readonly id: string
  readonly displayName: string
  readonly models: readonly string[]
  readonly limits: ReadonlyArray<{ readonly type: string; readonly value: number }>
}

/** Everything the emulator serves. Handlers mutate it; bump `version` when usage-relevant data changes. */
export interface OrgState {
  readonly seed: number
  readonly adminKey: string
  readonly org: BetaOrganization
  readonly defaultWorkspaceId: string
  /** Workspaces, users, invites and keys are kept in creation order; lists serve them newest first. */
  readonly workspaces: BetaWorkspace[]
  readonly users: BetaOrganizationUser[]
  readonly invites: BetaOrganizationInvite[]
  /** Workspace id → user id → role, in the order members were added. */
  readonly members: Map<string, Map<string, BetaWorkspaceRole>>
  readonly apiKeys: ApiKeyRecord[]
  readonly spendLimits: BetaSpendLimit[]
  readonly orgRateLimits: readonly OrgRateLimitGroup[]
  /** Workspace id → group id → limiter type → override value. */
  readonly workspaceRateLimits: Map<string, Map<string, Map<string, number>>>
  /** When false, retrieving, setting or deleting a spend limit fails as the SDK documents (403). */
  spendLimitWritesEnabled: boolean
  /** Who usage is attributed to: former users, service accounts, per-key attribution, keyless usage. */
  readonly people: OrgPeople
  /** First hour with generated usage (fixed at seeding: the last `days` days before start-up). */
  readonly dataStartHour: number
  /** Bumped on every change that can alter a report, so cached report results are dropped. */
  version: number
  /** Counter for ids minted at runtime (new workspaces, invites, limits). */
  nextSerial: number
}

/** Lists serve records newest first; this returns a reversed copy without touching the state. */
export function newestFirst<T>(items: readonly T[]): T[] {
  return [...items].reverse()
}
