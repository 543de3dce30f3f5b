/**
 * The official SDK against the emulator, endpoint by endpoint: if the SDK can page, parse and
 * map errors from these responses, the emulator speaks its wire format.
 */
import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from '@anthropic-ai/sdk'
import { BetaSpendLimitsAdminAPIWritesNotEnabledError } from '@anthropic-ai/sdk/resources/beta/organization/spend-limits/spend-limits'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseCentsToMicro } from './money'
import { startEmulator, type EmulatorHandle } from './server'

const NOW = new Date('2026-11-20T15:30:00Z')
let emu: EmulatorHandle
let client: Anthropic
let org: Anthropic['beta']['organization']

beforeAll(async () => {
  emu = await startEmulator({ seed: 7, keys: 60, days: 20, now: () => NOW })
  client = new Anthropic({ apiKey: emu.adminKey, baseURL: emu.baseURL, maxRetries: 0 })
  org = client.beta.organization
})
afterAll(async () => {
  await emu.close()
})
beforeEach(() => {
  emu.faults.clear()
})

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}

describe('organization and users', () => {
  it('serves me', async () => {
    const me = await org.retrieve()
    expect(me).toEqual({ id: emu.state.org.id, name: emu.state.org.name, type: 'organization' })
  })

  it('auto-paginates users across several pages, newest first', async () => {
    const users = await collect(org.users.list({ limit: 2 }))
    expect(users.map((u) => u.id)).toEqual([...emu.state.users].reverse().map((u) => u.id))
    expect(users.length).toBeGreaterThan(4)
    expect(emu.requests.filter((r) => r.path === '/v1/organizations/users').length).toBe(Math.ceil(users.length / 2))
  })

  it('pages forwards with after_id and backwards with before_id', async () => {
    const all = (await org.users.list({ limit: 100 })).data.map((u) => u.id)
    const first = await org.users.list({ limit: 2 })
    expect(first.data.map((u) => u.id)).toEqual(all.slice(0, 2))
    expect(first.first_id).toBe(all[0])
    expect(first.last_id).toBe(all[1])
    expect(first.has_more).toBe(true)
    const second = await org.users.list({ limit: 2, after_id: first.last_id! })
    expect(second.data.map((u) => u.id)).toEqual(all.slice(2, 4))
    const back = await org.users.list({ limit: 2, before_id: second.first_id! })
    expect(back.data.map((u) => u.id)).toEqual(all.slice(0, 2))
    expect(back.has_more).toBe(false)
    const tail = await org.users.list({ limit: 3, before_id: all[all.length - 1]! })
    expect(tail.data.map((u) => u.id)).toEqual(all.slice(-4, -1))
    expect(tail.has_more).toBe(all.length > 4)
    // The SDK follows before_id backwards on its own.
    const backwards = await collect(org.users.list({ limit: 2, before_id: all[4]! }))
    expect(backwards.map((u) => u.id).sort()).toEqual(all.slice(0, 4).sort())
  })

  it('filters users by role and email', async () => {
    const devs = await collect(org.users.list({ roles: ['developer'], limit: 50 }))
    expect(devs.length).toBe(emu.state.users.filter((u) => u.role === 'developer').length)
    const someone = emu.state.users[2]!
    const byEmail = await org.users.list({ email: someone.email })
    expect(byEmail.data.map((u) => u.id)).toEqual([someone.id])
  })

  it('retrieves, updates the role of, and removes a user', async () => {
    const target = emu.state.users.find((u) => u.role === 'developer' || u.role === 'user')!
    expect(await org.users.retrieve(target.id)).toEqual(target)
    const updated = await org.users.update(target.id, { role: 'billing' })
    expect(updated.role).toBe('billing')
    expect(await org.users.remove(target.id)).toEqual({ id: target.id, type: 'user_deleted' })
    await expect(org.users.retrieve(target.id)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('refuses to change the primary owner with a 403', async () => {
    const owner = emu.state.users.find((u) => u.role === 'primary_owner')!
    const error = await org.users.update(owner.id, { role: 'user' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PermissionDeniedError)
    expect((error as PermissionDeniedError).status).toBe(403)
    expect((error as PermissionDeniedError).type).toBe('permission_error')
  })
})

describe('invites', () => {
  it('creates, lists, retrieves and deletes an invite', async () => {
    const invite = await org.invites.create({ email: 'new.person@example.org', role: 'developer' })
    expect(invite).toMatchObject({ email: 'new.person@example.org', role: 'developer', status: 'pending', type: 'invite', accepted_at: null })
    const pending = await collect(org.invites.list({ statuses: ['pending'], limit: 2 }))
    expect(pending.map((i) => i.id)).toContain(invite.id)
    expect(pending.every((i) => i.status === 'pending')).toBe(true)
    expect(await org.invites.retrieve(invite.id)).toEqual(invite)
    expect(await org.invites.delete(invite.id)).toEqual({ id: invite.id, type: 'invite_deleted' })
    await expect(org.invites.retrieve(invite.id)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('rejects a duplicate pending invite with a 400 the SDK recognises', async () => {
    await org.invites.create({ email: 'twice@example.org', role: 'user' })
    const error = await org.invites.create({ email: 'twice@example.org', role: 'user' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BadRequestError)
    expect((error as BadRequestError).errorCode).toBe('invite_already_exists')
  })
})

describe('workspaces and members', () => {
  it('creates, lists, retrieves, renames and archives a workspace', async () => {
    const ws = await org.workspaces.create({ name: 'Emulated' })
    expect(ws).toMatchObject({ name: 'Emulated', archived_at: null, type: 'workspace' })
    expect((await org.workspaces.retrieve(ws.id)).name).toBe('Emulated')
    expect((await org.workspaces.update(ws.id, { name: 'Renamed', display_color: '#112233' })).name).toBe('Renamed')
    const archived = await org.workspaces.archive(ws.id)
    expect(archived.archived_at).toBe('2026-11-20T15:30:00Z')
    const active = await collect(org.workspaces.list({ limit: 2 }))
    const withArchived = await collect(org.workspaces.list({ limit: 2, include_archived: true }))
    expect(active.map((w) => w.id)).not.toContain(ws.id)
    expect(withArchived.map((w) => w.id)).toContain(ws.id)
    expect(active.every((w) => w.archived_at === null)).toBe(true)
    expect(active.map((w) => w.id)).not.toContain(emu.state.defaultWorkspaceId)
    expect((await collect(org.workspaces.list({ include_default: true }))).map((w) => w.id)).toContain(emu.state.defaultWorkspaceId)
    await expect(org.workspaces.update(ws.id, { name: 'Again' })).rejects.toBeInstanceOf(BadRequestError)
  })

  it('adds, lists, retrieves, updates and removes members; a second add is a 409', async () => {
    const ws = await org.workspaces.create({ name: 'Team' })
    const users = emu.state.users.slice(0, 3)
    for (const u of users) await org.workspaces.members.add(ws.id, { user_id: u.id, workspace_role: 'workspace_developer' })
    const listed = await collect(org.workspaces.members.list(ws.id, { limit: 2 }))
    expect(listed.map((m) => m.user_id)).toEqual(users.map((u) => u.id))
    const one = users[1]!
    expect(await org.workspaces.members.retrieve(one.id, { workspace_id: ws.id })).toEqual({
      type: 'workspace_member',
      user_id: one.id,
      workspace_id: ws.id,
      workspace_role: 'workspace_developer',
    })
    const updated = await org.workspaces.members.update(one.id, { workspace_id: ws.id, workspace_role: 'workspace_admin' })
    expect(updated.workspace_role).toBe('workspace_admin')
    await expect(org.workspaces.members.add(ws.id, { user_id: one.id, workspace_role: 'workspace_user' })).rejects.toBeInstanceOf(ConflictError)
    expect(await org.workspaces.members.remove(one.id, { workspace_id: ws.id })).toEqual({ type: 'workspace_member_deleted', user_id: one.id, workspace_id: ws.id })
    await expect(org.workspaces.members.retrieve(one.id, { workspace_id: ws.id })).rejects.toBeInstanceOf(NotFoundError)
  })

  it('lists workspace rate limits, own overrides or inherited too', async () => {
    const [wsId] = [...emu.state.workspaceRateLimits.keys()]
    expect(wsId).toBeDefined()
    const own = await collect(org.workspaces.rateLimits.list(wsId!))
    expect(own.length).toBe(1)
    expect(own[0]!.limits.every((l) => l.source.type === 'workspace')).toBe(true)
    const all = await collect(org.workspaces.rateLimits.list(wsId!, { include_inherited: true, limit: 1 }))
    expect(all.length).toBe(emu.state.orgRateLimits.length)
    expect(all.flatMap((r) => r.limits).some((l) => l.source.type === 'organization')).toBe(true)
  })
})

describe('API keys', () => {
  it('auto-paginates all keys and filters by workspace, status and creator', async () => {
    const all = await collect(org.apiKeys.list({ limit: 7 }))
    expect(all.length).toBe(emu.state.apiKeys.length)
    expect(new Set(all.map((k) => k.id)).size).toBe(all.length)
    for (const k of all) expect(k.partial_key_hint).toMatch(/^sk-ant-api03-[A-Za-z0-9_-]{3}\.\.\.[A-Za-z0-9_-]{2}AA$/)
    const sample = emu.state.apiKeys[0]!
    const inWs = await collect(org.apiKeys.list({ workspace_id: sample.workspaceId, limit: 5 }))
    expect(inWs.length).toBe(emu.state.apiKeys.filter((k) => k.workspaceId === sample.workspaceId).length)
    const inactive = await collect(org.apiKeys.list({ status: 'inactive' }))
    expect(inactive.every((k) => k.status === 'inactive')).toBe(true)
    const creator = sample.wire.created_by!.id
    const byCreator = await collect(org.apiKeys.list({ created_by_user_id: creator }))
    expect(byCreator.map((k) => k.id).sort()).toEqual(
      emu.state.apiKeys
        .filter((k) => k.wire.created_by?.id === creator)
        .map((k) => k.wire.id)
        .sort(),
    )
  })

  it('retrieves, renames and deactivates a key', async () => {
    const key = emu.state.apiKeys.find((k) => k.wire.status === 'active')!
    expect(await org.apiKeys.retrieve(key.wire.id)).toEqual(key.wire)
    expect((await org.apiKeys.update(key.wire.id, { name: 'renamed' })).name).toBe('renamed')
    const off = await org.apiKeys.update(key.wire.id, { status: 'inactive' })
    expect(off.status).toBe('inactive')
    expect(key.usageEndHour).toBe(Math.floor(NOW.getTime() / 3_600_000))
    await expect(org.apiKeys.retrieve('apikey_01nope')).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('spend limits', () => {
  it('lists, reports effective limits, sets, retrieves and deletes', async () => {
    const limits = await collect(org.spendLimits.list({ limit: 2 }))
    expect(limits.map((l) => l.scope.type)).toEqual(expect.arrayContaining(['usage_tier', 'organization']))
    const wsOnly = await collect(org.spendLimits.list({ scope_type: ['workspace'] }))
    expect(wsOnly.every((l) => l.scope.type === 'workspace')).toBe(true)
    const effective = await collect(org.spendLimits.effective.list({ limit: 3 }))
    // Every member, then the keys whose usage is their own, as scoped keys acting for the org.
    const members = effective.filter((r) => r.actor.type === 'user_actor')
    expect(members.length).toBe(emu.state.users.length)
    expect(effective.slice(0, members.length)).toEqual(members)
    expect(effective.length).toBeGreaterThan(members.length)
    for (const row of effective) expect(row.period_to_date_spend).toMatch(/^\d+(\.\d{1,3})?$/)
    const one = members[0]!.actor as { user_id: string }
    expect((await collect(org.spendLimits.effective.list({ user_ids: [one.user_id] }))).map((r) => r.actor)).toEqual([members[0]!.actor])
    expect(await collect(org.spendLimits.effective.list({ period: ['daily'] }))).toEqual([])
    await expect(org.spendLimits.effective.list({ period: ['yearly' as 'daily'] })).rejects.toBeInstanceOf(BadRequestError)
    await expect(org.spendLimits.effective.list({ user_ids: Array.from({ length: 101 }, (_, i) => `user_${i}`) })).rejects.toBeInstanceOf(BadRequestError)
    await expect(org.spendLimits.effective.list({ user_ids: ['apikey_01x'] })).rejects.toBeInstanceOf(BadRequestError)
    const ws = emu.state.workspaces.find((w) => w.archived_at === null && w.id !== emu.state.defaultWorkspaceId)!
    const set = await org.spendLimits.set({ amount: '50000', scope: { type: 'workspace', workspace_id: ws.id } })
    expect(set).toMatchObject({ amount: '50000', currency: 'USD', period: 'monthly', type: 'spend_limit' })
    const again = await org.spendLimits.set({ amount: '60000', scope: { type: 'workspace', workspace_id: ws.id } })
    expect(again.id).toBe(set.id)
    expect((await org.spendLimits.retrieve(set.id)).amount).toBe('60000')
    expect(await org.spendLimits.delete(set.id)).toEqual({ id: set.id, type: 'spend_limit_deleted' })
    await expect(org.spendLimits.retrieve(set.id)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('fails writes with the documented 403 when the org has not enabled them', async () => {
    emu.setSpendLimitWritesEnabled(false)
    try {
      const error = await org.spendLimits.set({ amount: '100', scope: { type: 'organization' } }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BetaSpendLimitsAdminAPIWritesNotEnabledError)
      expect(error).toBeInstanceOf(PermissionDeniedError)
      expect((error as PermissionDeniedError).errorCode).toBe('spend_limits_admin_api_writes_not_enabled')
      const id = emu.state.spendLimits[1]!.id
      await expect(org.spendLimits.delete(id)).rejects.toBeInstanceOf(BetaSpendLimitsAdminAPIWritesNotEnabledError)
      await expect(org.spendLimits.retrieve(id)).rejects.toBeInstanceOf(BetaSpendLimitsAdminAPIWritesNotEnabledError)
      expect((await org.spendLimits.list()).data.length).toBeGreaterThan(0)
    } finally {
      emu.setSpendLimitWritesEnabled(true)
    }
  })
})

describe('analytics', () => {
  const range = { starting_at: '2026-11-05T00:00:00Z', ending_at: '2026-11-20T00:00:00Z' }

  it('pages a grouped, bucketed cost report and agrees with ground truth to the micro-cent', async () => {
    const rows = await collect(org.analytics.cost.list({ ...range, group_by: ['api_key_id', 'model'], time_bucket_width: '1d', limit: 50 }))
    expect(rows.length).toBeGreaterThan(50)
    const total = rows.reduce((sum, r) => sum + parseCentsToMicro(r.cost.amount), 0n)
    const truth = emu.totals({ startingAt: range.starting_at, endingAt: range.ending_at })
    expect(total).toBe(BigInt(truth.costMicroCents))
    // Usage no API key authenticated (Claude Code seats, federated callers) reads api_key_id null.
    expect(rows.every((r) => r.group.model !== null && r.group.workspace_id === null)).toBe(true)
    expect(rows.filter((r) => r.group.api_key_id !== null).length).toBeGreaterThan(50)
    expect(rows.every((r) => r.cost.currency === 'USD' && r.cost.amount === r.cost.list_amount)).toBe(true)
    const amounts = rows.map((r) => parseCentsToMicro(r.cost.amount))
    expect(amounts.every((a, i) => i === 0 || a <= amounts[i - 1]!)).toBe(true)
  })

  it('serves usage grouped by workspace per hour with next_page and has_more', async () => {
    const first = await org.analytics.usage.list({
      starting_at: '2026-11-19T00:00:00Z',
      ending_at: '2026-11-20T00:00:00Z',
      time_bucket_width: '1h',
      group_by: ['workspace_id'],
      limit: 5,
      order_by: 'time',
      order: 'asc',
    })
    expect(first.data.length).toBe(5)
    expect(first.has_more).toBe(true)
    expect(first.next_page).toEqual(expect.any(String))
    expect(first.data[0]!.starting_at).toBe('2026-11-19T00:00:00Z')
    expect(first.data[0]!.ending_at).toBe('2026-11-19T01:00:00Z')
    const all = await collect(
      org.analytics.usage.list({
        starting_at: '2026-11-19T00:00:00Z',
        ending_at: '2026-11-20T00:00:00Z',
        time_bucket_width: '1h',
        group_by: ['workspace_id'],
        limit: 5,
      }),
    )
    const tokens = all.reduce((s, r) => s + r.usage.total_tokens, 0)
    expect(tokens).toBe(emu.totals({ startingAt: '2026-11-19T00:00:00Z', endingAt: '2026-11-20T00:00:00Z' }).totalTokens)
  })

  it('returns one row for an ungrouped, unbucketed query', async () => {
    const page = await org.analytics.usage.list({ starting_at: '2026-11-10T00:00:00Z', ending_at: '2026-11-12T06:00:00Z' })
    expect(page.data.length).toBe(1)
    expect(page.has_more).toBe(false)
    const row = page.data[0]!
    const truth = emu.totals({ startingAt: '2026-11-10T00:00:00Z', endingAt: '2026-11-12T06:00:00Z' })
    expect(row.usage.output_tokens).toBe(truth.outputTokens)
    expect(row.usage.cache_creation.ephemeral_5m_input_tokens).toBe(truth.cacheCreation5mTokens)
    expect(row.usage.requests).toBe(truth.requests)
  })

  it('rejects a range over 31 days with a 400 invalid_request_error', async () => {
    const error = await org.analytics.usage.list({ starting_at: '2026-10-01T00:00:00Z', ending_at: '2026-11-02T00:00:00Z', time_bucket_width: '1d' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BadRequestError)
    expect((error as BadRequestError).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } })
  })
})

describe('errors and faults', () => {
  it('answers a wrong Admin key with 401 and never echoes it', async () => {
    const bad = new Anthropic({ apiKey: 'sk-ant-admin01-wrong-key-0000', baseURL: emu.baseURL, maxRetries: 0 })
    const error = await bad.beta.organization.retrieve().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthenticationError)
    expect(JSON.stringify((error as AuthenticationError).error)).not.toContain('wrong-key')
  })

  it('also accepts the key in x-api-key', async () => {
    const res = await fetch(`${emu.baseURL}/v1/organizations/me`, { headers: { 'x-api-key': emu.adminKey } })
    expect(res.status).toBe(200)
    const denied = await fetch(`${emu.baseURL}/v1/organizations/me`, { headers: { 'x-api-key': 'nope' } })
    expect(denied.status).toBe(401)
    expect(await denied.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' }, request_id: expect.any(String) })
  })

  it('maps injected 429 (with retry-after) and 500 to the SDK error classes', async () => {
    emu.faults.set('GET /v1/organizations/api_keys', { kind: '429', retryAfterSeconds: 7, times: 1 })
    const limited = await org.apiKeys.list().catch((e: unknown) => e)
    expect(limited).toBeInstanceOf(RateLimitError)
    expect((limited as RateLimitError).headers?.get('retry-after')).toBe('7')
    emu.faults.set('GET /v1/organizations/workspaces/:workspace_id', { kind: '500', times: 1 })
    await expect(org.workspaces.retrieve(emu.state.defaultWorkspaceId)).rejects.toBeInstanceOf(InternalServerError)
    expect((await org.workspaces.retrieve(emu.state.defaultWorkspaceId)).id).toBe(emu.state.defaultWorkspaceId)
  })

  it('lets the SDK retry after 429s and succeed', async () => {
    const retrying = new Anthropic({ apiKey: emu.adminKey, baseURL: emu.baseURL, maxRetries: 2 })
    emu.faults.set('GET /v1/organizations/me', { kind: '429', retryAfterSeconds: 0.02, times: 2 })
    const before = emu.requests.length
    const me = await retrying.beta.organization.retrieve()
    expect(me.id).toBe(emu.state.org.id)
    expect(emu.requests.slice(before).map((r) => r.status)).toEqual([429, 429, 200])
    expect(emu.faults.hits('GET /v1/organizations/me')).toBe(2)
  })

  it('injects arbitrary API errors, malformed JSON, slow responses and resets', async () => {
    emu.faults.set('GET *', { kind: 'error', type: 'permission_error', times: 1 })
    await expect(org.retrieve()).rejects.toBeInstanceOf(PermissionDeniedError)
    emu.faults.set('GET /v1/organizations/me', { kind: 'malformed', times: 1 })
    const malformed = await org.retrieve().catch((e: unknown) => e)
    expect(malformed).toBeInstanceOf(Error)
    expect(malformed).not.toBeInstanceOf(Anthropic.APIError)
    emu.faults.set('GET /v1/organizations/me', { kind: 'slow', delayMs: 400, times: 1 })
    await expect(org.retrieve({ timeout: 100 })).rejects.toBeInstanceOf(APIConnectionTimeoutError)
    emu.faults.set('GET /v1/organizations/me', { kind: 'slow', delayMs: 30, times: 1 })
    expect((await org.retrieve()).id).toBe(emu.state.org.id)
    emu.faults.set('GET /v1/organizations/me', { kind: 'reset', times: 1 })
    await expect(org.retrieve()).rejects.toBeInstanceOf(APIConnectionError)
  })

  it('answers an unknown route with 404 not_found_error', async () => {
    const res = await fetch(`${emu.baseURL}/v1/organizations/nothing_here`, { headers: { 'x-api-key': emu.adminKey } })
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('not_found_error')
  })
})
