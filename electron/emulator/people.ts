/**
 * Who the demo org's usage is attributed to, as the analytics reports' `actor` and `product`
 * dimensions say: users (current, removed from the org, and deleted accounts), service
 * accounts, the API keys themselves, federated (cloud-platform) identities, and usage with no
 * attributable identity. Every API key's usage goes to exactly one actor and product, and the
 * usage no key authenticated (Claude Code seats, federated callers, the Console) comes from
 * keyless sources with their own generator, so every grouping sums the same integer cells.
 */
import { hash32, createRng, unit, type Rng } from './prng'
import { taggedId } from './ids'
import type { ApiKeyRecord, OrgState } from './org-state'
import type { BetaAnalyticsActor, BetaAnalyticsFederatedActor, BetaOrganizationUser } from './wire-types'
import { ceilHourOf, hourOf } from './time'

/** An actor as the emulator stores it; a user's name, e-mail and `deleted` are read from the org at report time. */
export type ActorRef =
  | { readonly type: 'user_actor'; readonly userId: string }
  | { readonly type: 'service_account_actor'; readonly serviceAccountId: string }
  | { readonly type: 'api_actor'; readonly apiKeyId: string }
  | BetaAnalyticsFederatedActor
  | null

/** Someone who used the org and is no longer in it: removed (e-mail kept) or a deleted account. */
export interface FormerUser {
  readonly id: string
  readonly name: string
  readonly email: string
  readonly accountDeleted: boolean
}

/** Usage that no API key authenticated, e.g. a Claude Code seat or a federated workload. */
export interface KeylessSource {
  /** Index in the keyless generator (its own hash space, so adding keys never moves it). */
  readonly index: number
  readonly workspaceId: string
  readonly actor: ActorRef
  readonly product: string | null
  readonly usageStartHour: number
  readonly usageEndHour: number | null
}

/** One API key's attribution. */
export interface KeyAttribution {
  readonly actor: ActorRef
  readonly product: string
}

/** The people side of the org, seeded after everything else from its own generator. */
export interface OrgPeople {
  readonly formerUsers: FormerUser[]
  readonly serviceAccountIds: readonly string[]
  /** Key id → attribution; keys added at runtime are attributed to themselves (`api_actor`, `messages_api`). */
  readonly keyAttribution: Map<string, KeyAttribution>
  readonly keyless: readonly KeylessSource[]
}

const DAY_HOURS = 24

/** The seed of the keyless usage generator for an org seed (its own hash space: adding keys never moves it). */
export const keylessSeed = (seed: number): number => hash32(seed, 0x6e0c)

/** Seeds the org's people: extra users up to `people`, former users, service accounts, attributions and keyless sources. */
export function seedPeople(
  state: Pick<OrgState, 'seed' | 'users' | 'apiKeys' | 'workspaces' | 'defaultWorkspaceId' | 'dataStartHour'>,
  options: { people?: number; nowMs: number; domain: string; makeUser: (rng: Rng, i: number) => BetaOrganizationUser },
): OrgPeople {
  const rng = createRng(hash32(state.seed, 0x9e091e))
  for (let i = state.users.length; i < (options.people ?? 0); i++) state.users.push(options.makeUser(rng, i))
  const formerUsers: FormerUser[] = [
    { id: taggedId('user', rng), name: 'Deleted User', email: `former.contractor@${options.domain}`, accountDeleted: true },
    { id: taggedId('user', rng), name: 'Morgan Vale', email: `morgan.vale@${options.domain}`, accountDeleted: false },
    { id: taggedId('user', rng), name: 'Sam Okafor', email: `sam.okafor@${options.domain}`, accountDeleted: false },
  ]
  const serviceAccountIds = Array.from({ length: 3 }, () => taggedId('svac', rng))
  const keyAttribution = new Map<string, KeyAttribution>()
  for (const key of state.apiKeys) keyAttribution.set(key.wire.id, attributeKey(state.seed, key, state.users, formerUsers, serviceAccountIds))

  const live = state.workspaces.filter((w) => w.archived_at === null)
  const keyless: KeylessSource[] = []
  const add = (source: Omit<KeylessSource, 'index'>): void => {
    keyless.push({ ...source, index: keyless.length })
  }
  // Claude Code seats: usage no API key authenticated, in the default workspace.
  state.users.forEach((user, i) => {
    if (unit(hash32(state.seed, 0x5ea7, i)) >= 0.4 && user.role !== 'claude_code_user') return
    add({
      workspaceId: state.defaultWorkspaceId,
      actor: { type: 'user_actor', userId: user.id },
      product: 'claude_code',
      usageStartHour: Math.max(state.dataStartHour, ceilHourOf(Date.parse(user.added_at))),
      usageEndHour: null,
    })
  })
  // People who left still have usage from before they left.
  formerUsers.forEach((former, i) => {
    const end = hourOf(options.nowMs) - (5 + 7 * i) * DAY_HOURS
    add({ workspaceId: state.defaultWorkspaceId, actor: { type: 'user_actor', userId: former.id }, product: 'claude_code', usageStartHour: state.dataStartHour, usageEndHour: end })
  })
  const wsA = (live[1] ?? live[0])?.id ?? state.defaultWorkspaceId
  const wsB = (live[2] ?? live[0])?.id ?? state.defaultWorkspaceId
  add({
    workspaceId: wsA,
    actor: {
      type: 'federated_actor',
      provider: { type: 'aws', account_id: '123456789012', signed_principal: 'arn:aws:iam::123456789012:role/batch-scorer' },
      subject: 'arn:aws:iam::123456789012:role/batch-scorer',
    },
    product: 'messages_api',
    usageStartHour: state.dataStartHour,
    usageEndHour: null,
  })
  add({
    workspaceId: wsB,
    actor: { type: 'federated_actor', provider: { type: 'gcp', project_number: '987654321098' }, subject: `serviceAccount:ingest@${options.domain.replace(/\..*$/, '')}-prod.iam.gserviceaccount.com` },
    product: 'messages_api',
    usageStartHour: state.dataStartHour,
    usageEndHour: null,
  })
  // Usage with no attributable identity (e.g. the Console's workbench).
  add({ workspaceId: state.defaultWorkspaceId, actor: null, product: null, usageStartHour: state.dataStartHour, usageEndHour: null })
  return { formerUsers, serviceAccountIds, keyAttribution, keyless }
}

function attributeKey(seed: number, key: ApiKeyRecord, users: readonly BetaOrganizationUser[], former: readonly FormerUser[], svacs: readonly string[]): KeyAttribution {
  const h = hash32(seed, key.index, 0xac7)
  const u = unit(h)
  const batch = key.wire.name.startsWith('batch-jobs')
  const claudeCode = key.wire.name.startsWith('claude-code')
  if (u < 0.4 || users.length === 0) return { actor: { type: 'api_actor', apiKeyId: key.wire.id }, product: claudeCode ? 'claude_code' : batch ? 'message_batches_api' : 'messages_api' }
  if (u < 0.78) {
    const userId = unit(hash32(h, 1)) < 0.08 ? former[hash32(h, 2) % former.length]!.id : users[hash32(h, 3) % users.length]!.id
    const product = claudeCode || unit(hash32(h, 4)) < 0.45 ? 'claude_code' : 'messages_api'
    return { actor: { type: 'user_actor', userId }, product }
  }
  if (u < 0.92) return { actor: { type: 'service_account_actor', serviceAccountId: svacs[hash32(h, 5) % svacs.length]! }, product: batch ? 'message_batches_api' : 'messages_api' }
  return { actor: { type: 'api_actor', apiKeyId: key.wire.id }, product: 'messages_api' }
}

/** A key's attribution (keys added at runtime: the key itself, the Messages API). */
export function keyAttributionOf(state: OrgState, key: ApiKeyRecord): KeyAttribution {
  return state.people.keyAttribution.get(key.wire.id) ?? { actor: { type: 'api_actor', apiKeyId: key.wire.id }, product: 'messages_api' }
}

/** The actor as the reports serialise it: a user's current name and e-mail, and whether they left. */
export function actorWire(state: OrgState, actor: ActorRef): BetaAnalyticsActor | null {
  return actorWireLookup(state)(actor)
}

/**
 * `actorWire` for many actors at once: indexes the org's users and former users once, so a report
 * over a large org (thousands of people, tens of thousands of keys) does not scan the users per key.
 */
export function actorWireLookup(state: OrgState): (actor: ActorRef) => BetaAnalyticsActor | null {
  let users: Map<string, BetaOrganizationUser> | null = null
  let formers: Map<string, FormerUser> | null = null
  return (actor) =>
    wireOf(
      actor,
      (id) => (users ??= new Map(state.users.map((u) => [u.id, u]))).get(id),
      (id) => (formers ??= new Map(state.people.formerUsers.map((f) => [f.id, f]))).get(id),
    )
}

function wireOf(actor: ActorRef, userOf: (id: string) => BetaOrganizationUser | undefined, formerOf: (id: string) => FormerUser | undefined): BetaAnalyticsActor | null {
  if (actor === null) return null
  switch (actor.type) {
    case 'user_actor': {
      const user = userOf(actor.userId)
      if (user) return { type: 'user_actor', user_id: user.id, deleted: false, email_address: user.email, name: user.name }
      const former = formerOf(actor.userId)
      return {
        type: 'user_actor',
        user_id: actor.userId,
        deleted: true,
        email_address: former?.accountDeleted === false ? former.email : null,
        name: former?.accountDeleted === false ? former.name : 'Deleted User',
      }
    }
    case 'service_account_actor':
      return { type: 'service_account_actor', service_account_id: actor.serviceAccountId }
    case 'api_actor':
      return { type: 'api_actor', api_key_id: actor.apiKeyId }
    default:
      return actor
  }
}

/** The identity a report groups an actor by: its tagged id, `federated:<subject>`, or '' for none. */
export function actorKey(actor: ActorRef): string {
  if (actor === null) return ''
  switch (actor.type) {
    case 'user_actor':
      return actor.userId
    case 'service_account_actor':
      return actor.serviceAccountId
    case 'api_actor':
      return actor.apiKeyId
    default:
      return `federated:${actor.provider.type}:${actor.subject ?? ''}`
  }
}

/** Records that a user left the org (the Admin API's remove): their usage now reads `deleted: true`, e-mail kept. */
export function recordRemovedUser(state: OrgState, user: BetaOrganizationUser): void {
  if (!state.people.formerUsers.some((f) => f.id === user.id)) state.people.formerUsers.push({ id: user.id, name: user.name, email: user.email, accountDeleted: false })
  state.version++
}
