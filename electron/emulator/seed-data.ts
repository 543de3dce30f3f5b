/**
 * Builds the demo organisation deterministically from a numeric seed: workspaces, users,
 * members, invites, N API keys (with realistic hints, creators, statuses and ages), spend limits
 * and rate limits. Only records are built here; usage is computed lazily elsewhere.
 */
import { createRng, type Rng } from './prng'
import { applyHygieneGaps } from './seed-hygiene-gaps'
import { demoAdminKey, fakeApiKeySecret, partialKeyHint, taggedId, uuid } from './ids'
import type { ApiKeyRecord, OrgRateLimitGroup, OrgState } from './org-state'
import { ceilHourOf, HOUR_MS, hourOf, isoOf } from './time'
import { seedPeople } from './people'
import type { BetaAPIKey, BetaOrganizationInvite, BetaOrganizationRole, BetaOrganizationUser, BetaWorkspace, BetaWorkspaceRole } from './wire-types'

/** What the seed depends on. */
export interface SeedOptions {
  seed: number
  /** Number of org API keys. */
  keys: number
  /** Days of usage before start-up. */
  days: number
  /** Start-up time. */
  now: Date
  /** Org users to have at least (extra ones are seeded after everything else, so other records do not move). */
  people?: number
}

const DAY_MS = 24 * HOUR_MS
const ORG_NAMES = ['Acme Robotics', 'Globex Research', 'Initech Labs', 'Umbrella Analytics', 'Hooli Cloud', 'Stark Industries']
const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Radia', 'Edsger', 'Frances', 'John', 'Katherine', 'Tim', 'Hedy', 'Donald']
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Perlman', 'Dijkstra', 'Allen', 'McCarthy', 'Johnson', 'Berners-Lee', 'Lamarr', 'Knuth']
const WORKSPACE_NAMES = ['Production', 'Staging', 'Research', 'Data Science', 'Mobile', 'Support Bot', 'Internal Tools', 'Marketing', 'Security', 'Search', 'Billing', 'Platform']
const KEY_PURPOSES = ['ci', 'backend', 'laptop', 'batch-jobs', 'eval', 'prototype', 'support-bot', 'etl', 'notebook', 'claude-code']
const COLORS = ['#6C5BB9', '#3E7FC1', '#2F9E6A', '#C9772A', '#B8434E', '#7A7A7A']
const MEMBER_ROLES: readonly BetaWorkspaceRole[] = ['workspace_admin', 'workspace_developer', 'workspace_developer', 'workspace_user', 'workspace_restricted_developer']
const USER_ROLES: readonly BetaOrganizationRole[] = ['developer', 'developer', 'developer', 'user', 'user', 'billing', 'claude_code_user', 'admin']

/** A model group's limits per minute: requests, input tokens and output tokens. */
function perMinute(requests: number, inputTokens: number, outputTokens: number): OrgRateLimitGroup['limits'] {
  return [
    { type: 'requests_per_minute', value: requests },
    { type: 'input_tokens_per_minute', value: inputTokens },
    { type: 'output_tokens_per_minute', value: outputTokens },
  ]
}

/** The organisation's rate-limit groups, and the models each covers. */
export const ORG_RATE_LIMITS: readonly OrgRateLimitGroup[] = [
  { id: 'model_group_claude_opus', displayName: 'Claude Opus', models: ['claude-opus-4-5', 'claude-opus-4-1'], limits: perMinute(4000, 2_000_000, 400_000) },
  { id: 'model_group_claude_sonnet', displayName: 'Claude Sonnet', models: ['claude-sonnet-4-5', 'claude-sonnet-4'], limits: perMinute(4000, 2_000_000, 400_000) },
  { id: 'model_group_claude_haiku', displayName: 'Claude Haiku', models: ['claude-haiku-4-5', 'claude-3-5-haiku'], limits: perMinute(4000, 4_000_000, 800_000) },
]

const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, n))

/** Builds the whole initial state; the same options always give the same organisation. */
export function seedOrg(options: SeedOptions): OrgState {
  const { seed, keys, days } = options
  const nowMs = options.now.getTime()
  const rng = createRng(seed)
  const orgName = rng.pick(ORG_NAMES)
  const domain = `${orgName.split(' ')[0]?.toLowerCase() ?? 'demo'}.example`
  const orgCreated = nowMs - rng.range(600, 900) * DAY_MS
  const at = (ms: number): string => isoOf(Math.floor(ms / 1000) * 1000)

  const users = buildUsers(rng, clamp(Math.ceil(keys / 8), 6, 150), domain, orgCreated, nowMs, at)
  const workspaces = buildWorkspaces(rng, clamp(Math.ceil(keys / 100) + 3, 4, 16), orgCreated, nowMs, at)
  const defaultWorkspace = workspaces[0] as BetaWorkspace
  const live = workspaces.filter((w) => w.archived_at === null)

  const members = new Map<string, Map<string, BetaWorkspaceRole>>()
  for (const ws of workspaces) {
    const roster = new Map<string, BetaWorkspaceRole>()
    const count = rng.range(2, Math.min(6, users.length))
    for (let i = 0; i < count; i++) roster.set(rng.pick(users).id, rng.pick(MEMBER_ROLES))
    members.set(ws.id, roster)
  }

  const apiKeys: ApiKeyRecord[] = []
  for (let index = 0; index < keys; index++) {
    const ws = rng.float() < 0.15 ? defaultWorkspace : rng.pick(live)
    const creator = rng.pick(users)
    const roster = members.get(ws.id)
    if (roster && !roster.has(creator.id)) roster.set(creator.id, 'workspace_developer')
    apiKeys.push(buildKey(rng, index, ws.id, creator.id, nowMs, days, at))
  }
  apiKeys.sort((a, b) => a.wire.created_at.localeCompare(b.wire.created_at) || a.index - b.index)

  const invites = Array.from({ length: 6 }, (_, i) => {
    const invited = nowMs - rng.range(1, 40) * DAY_MS - rng.int(24) * HOUR_MS
    const status: BetaOrganizationInvite['status'] = i < 3 ? 'pending' : i === 3 ? 'accepted' : 'expired'
    const expires = status === 'expired' ? Math.min(invited + 21 * DAY_MS, nowMs - DAY_MS) : invited + 21 * DAY_MS
    return {
      id: taggedId('invite', rng),
      email: `${rng.pick(FIRST).toLowerCase()}.${rng
        .pick(LAST)
        .toLowerCase()
        .replace(/[^a-z]/g, '')}${i}@${domain}`,
      role: rng.pick(['developer', 'user', 'billing'] as const),
      invited_at: at(invited),
      expires_at: at(status === 'pending' ? Math.max(expires, nowMs + DAY_MS) : expires),
      accepted_at: status === 'accepted' ? at(invited + DAY_MS) : null,
      rbac_group_ids: [] as string[],
      status,
      type: 'invite' as const,
    }
  }).sort((a, b) => a.invited_at.localeCompare(b.invited_at))

  const limitDate = at(orgCreated)
  const spendLimit = (amount: string | null, scope: BetaSpendLimitScope) => ({
    id: taggedId('spl', rng),
    amount,
    created_at: limitDate,
    updated_at: limitDate,
    currency: 'USD',
    is_enabled: true,
    period: 'monthly' as const,
    scope,
    type: 'spend_limit' as const,
  })
  const spendLimits = [
    spendLimit('10000000', { type: 'usage_tier' }),
    spendLimit('2500000', { type: 'organization' }),
    ...live.slice(1, 3).map((w) => spendLimit(String(rng.range(1, 20) * 50000), { type: 'workspace', workspace_id: w.id })),
  ]

  const workspaceRateLimits = new Map<string, Map<string, Map<string, number>>>()
  for (const ws of live.slice(1)) {
    if (rng.float() < 0.5) continue
    const group = rng.pick(ORG_RATE_LIMITS)
    workspaceRateLimits.set(ws.id, new Map([[group.id, new Map([['requests_per_minute', rng.range(1, 8) * 250]])]]))
  }

  const base = {
    seed,
    adminKey: demoAdminKey(seed),
    org: { id: uuid(rng), name: orgName, type: 'organization' as const },
    defaultWorkspaceId: defaultWorkspace.id,
    workspaces,
    users,
    invites,
    members,
    apiKeys,
    spendLimits,
    orgRateLimits: ORG_RATE_LIMITS,
    workspaceRateLimits,
    spendLimitWritesEnabled: true,
    dataStartHour: hourOf(nowMs) - days * 24,
    version: 0,
    nextSerial: 1,
  }
  const makeUser = (r: Rng, i: number): BetaOrganizationUser => {
    const first = r.pick(FIRST)
    const last = r.pick(LAST)
    const handle = `${first}.${last}.${i}`.toLowerCase().replace(/[^a-z0-9.]/g, '')
    return {
      id: taggedId('user', r),
      email: `${handle}@${domain}`,
      name: `${first} ${last}`,
      role: r.pick(USER_ROLES),
      added_at: at(orgCreated + r.float() * (nowMs - orgCreated - 5 * DAY_MS)),
      type: 'user',
    }
  }
  const state: OrgState = { ...base, people: seedPeople(base, { people: options.people, nowMs, domain, makeUser }) }
  applyHygieneGaps(state, nowMs)
  return state
}

type BetaSpendLimitScope = { type: 'usage_tier' } | { type: 'organization' } | { type: 'workspace'; workspace_id: string }

function buildUsers(rng: Rng, count: number, domain: string, orgCreated: number, nowMs: number, at: (ms: number) => string) {
  const used = new Set<string>()
  return Array.from({ length: count }, (_, i) => {
    let first = rng.pick(FIRST)
    let last = rng.pick(LAST)
    let handle = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '')
    for (let n = 2; used.has(handle); n++) {
      first = rng.pick(FIRST)
      last = rng.pick(LAST)
      handle = `${first}.${last}${n}`.toLowerCase().replace(/[^a-z0-9.]/g, '')
    }
    used.add(handle)
    const role: BetaOrganizationRole = i === 0 ? 'primary_owner' : i === 1 ? 'admin' : rng.pick(USER_ROLES)
    const added = i === 0 ? orgCreated : orgCreated + rng.float() * (nowMs - orgCreated - 5 * DAY_MS)
    return { id: taggedId('user', rng), email: `${handle}@${domain}`, name: `${first} ${last}`, role, added_at: at(added), type: 'user' as const }
  }).sort((a, b) => a.added_at.localeCompare(b.added_at))
}

function buildWorkspaces(rng: Rng, count: number, orgCreated: number, nowMs: number, at: (ms: number) => string): BetaWorkspace[] {
  return Array.from({ length: count }, (_, i) => {
    const created = i === 0 ? orgCreated : orgCreated + ((i / count) * 0.8 + rng.float() * 0.1) * (nowMs - orgCreated)
    const archived = i === count - 1 ? created + (nowMs - created) / 2 : null
    return {
      id: taggedId('wrkspc', rng),
      name: i === 0 ? 'Default' : (WORKSPACE_NAMES[(i - 1) % WORKSPACE_NAMES.length] ?? `Workspace ${i}`) + (i > WORKSPACE_NAMES.length ? ` ${i}` : ''),
      archived_at: archived === null ? null : at(archived),
      compartment_id: taggedId('cmpt', rng),
      created_at: at(created),
      data_residency: { allowed_inference_geos: 'unrestricted' as const, default_inference_geo: 'global' as const, workspace_geo: 'us' as const },
      display_color: rng.pick(COLORS),
      external_key_id: null,
      tags: {},
      type: 'workspace' as const,
      user_profile_id: null,
    }
  })
}

function buildKey(rng: Rng, index: number, workspaceId: string, creatorId: string, nowMs: number, days: number, at: (ms: number) => string): ApiKeyRecord {
  const secret = fakeApiKeySecret(rng)
  const created = nowMs - rng.range(1, days + 120) * DAY_MS - rng.int(24) * HOUR_MS - rng.int(3600) * 1000
  const roll = rng.float()
  let status: BetaAPIKey['status'] = 'active'
  let expiresAt: number | null = rng.float() < 0.1 ? nowMs + rng.range(5, 200) * DAY_MS : null
  let usageEnd: number | null = null
  if (roll < 0.08) {
    status = 'inactive'
    usageEnd = created + rng.float() * (nowMs - created)
  } else if (roll < 0.12) {
    status = 'archived'
    usageEnd = created + rng.float() * (nowMs - created)
  } else if (roll < 0.15) {
    status = 'expired'
    expiresAt = created + rng.float() * (nowMs - created)
    usageEnd = expiresAt
  }
  const wire: BetaAPIKey = {
    id: taggedId('apikey', rng),
    created_at: at(created),
    created_by: { id: creatorId, type: 'user' },
    expires_at: expiresAt === null ? null : at(expiresAt),
    name: `${rng.pick(KEY_PURPOSES)}-${index + 1}`,
    partial_key_hint: partialKeyHint(secret),
    principal: null,
    scope: { type: 'workspace', workspace_id: workspaceId },
    status,
    type: 'api_key',
  }
  return {
    wire,
    index,
    workspaceId,
    usageStartHour: ceilHourOf(created),
    usageEndHour: usageEnd === null ? null : hourOf(usageEnd),
    secret,
  }
}
