/**
 * Attribution by actor and product, through the official SDK: every kind of identity the API
 * names appears, users who left read as the API says, every grouping agrees with the key totals,
 * and the two report-size errors arrive as the SDK's typed errors.
 */
import Anthropic from '@anthropic-ai/sdk'
import type { BetaAnalyticsUsageItem } from '@anthropic-ai/sdk/resources/beta/organization/analytics/usage'
import { BetaReportPageTooLargeError, BetaTooManyReportGroupsError } from '@anthropic-ai/sdk/resources/beta/organization/organization'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from './server'

const NOW = new Date('2026-11-20T15:30:00Z')
const RANGE = { starting_at: '2026-11-10T00:00:00Z', ending_at: '2026-11-20T00:00:00Z' }
let emu: EmulatorHandle
let client: Anthropic

beforeAll(async () => {
  emu = await startEmulator({ seed: 7, keys: 60, days: 20, now: () => NOW })
  client = new Anthropic({ apiKey: emu.adminKey, baseURL: emu.baseURL, maxRetries: 0 })
})
afterAll(async () => emu.close())

async function rows(params: Parameters<Anthropic['beta']['organization']['analytics']['usage']['list']>[0]): Promise<BetaAnalyticsUsageItem[]> {
  const out: BetaAnalyticsUsageItem[] = []
  for await (const row of client.beta.organization.analytics.usage.list({ limit: 1000, ...params })) out.push(row)
  return out
}
const tokens = (items: readonly BetaAnalyticsUsageItem[]): number => items.reduce((n, r) => n + r.usage.total_tokens, 0)

describe('usage by actor and product', () => {
  it('names users, removed users, deleted accounts, service accounts, keys, federated identities and unattributed usage', async () => {
    const items = await rows({ ...RANGE, group_by: ['actor'] })
    const types = new Set(items.map((r) => r.group.actor?.type ?? null))
    expect(types).toEqual(new Set(['user_actor', 'service_account_actor', 'api_actor', 'federated_actor', null]))
    const users = items.flatMap((r) => (r.group.actor?.type === 'user_actor' ? [r.group.actor] : []))
    expect(users.some((u) => !u.deleted && u.email_address && u.name)).toBe(true)
    expect(users.some((u) => u.deleted && u.email_address === null && u.name === 'Deleted User')).toBe(true)
    expect(users.some((u) => u.deleted && u.email_address !== null)).toBe(true)
    for (const u of users) expect(u.user_id).toMatch(/^user_01/)
    const other = items.map((r) => r.group.actor).filter((a) => a && a.type !== 'user_actor')
    expect(other.some((a) => a?.type === 'service_account_actor' && a.service_account_id.startsWith('svac_01'))).toBe(true)
    expect(other.some((a) => a?.type === 'federated_actor' && a.provider.type === 'aws')).toBe(true)
    const products = new Set((await rows({ ...RANGE, group_by: ['product'] })).map((r) => r.group.product))
    expect(products).toEqual(new Set(['messages_api', 'message_batches_api', 'claude_code', null]))
  })

  it('agrees with the key totals: every grouping sums to the same tokens, and one key splits into one actor and product', async () => {
    const all = tokens(await rows(RANGE))
    for (const group_by of [['actor'], ['product'], ['api_key_id'], ['api_key_id', 'workspace_id', 'model', 'actor', 'product']] as const) {
      expect(tokens(await rows({ ...RANGE, group_by: [...group_by] }))).toBe(all)
    }
    const key = emu.state.apiKeys.find((k) => k.usageEndHour === null)!
    const perKey = await rows({ ...RANGE, group_by: ['actor', 'product'], api_key_ids: [key.wire.id] })
    expect(perKey.length).toBe(1)
    expect(tokens(perKey)).toBe(emu.totals({ startingAt: RANGE.starting_at, endingAt: RANGE.ending_at, apiKeyIds: [key.wire.id] }).totalTokens)
    const keyless = await rows({ ...RANGE, group_by: ['api_key_id'], api_key_ids: [''] })
    expect(keyless.every((r) => r.group.api_key_id === null)).toBe(true)
    expect(tokens(keyless)).toBe(emu.totals({ startingAt: RANGE.starting_at, endingAt: RANGE.ending_at, apiKeyIds: [''] }).totalTokens)
  })

  it('marks a user removed through the Admin API as deleted, keeping the e-mail, and exclude_deleted_users drops them', async () => {
    const items = await rows({ ...RANGE, group_by: ['actor'] })
    const active = items.flatMap((r) => (r.group.actor?.type === 'user_actor' && !r.group.actor.deleted ? [r.group.actor] : []))
    const target = active.find((u) => emu.state.users.find((x) => x.id === u.user_id && x.role !== 'primary_owner' && x.role !== 'admin'))!
    await client.beta.organization.users.remove(target.user_id)
    const after = (await rows({ ...RANGE, group_by: ['actor'] })).find((r) => r.group.actor?.type === 'user_actor' && r.group.actor.user_id === target.user_id)
    expect(after?.group.actor).toMatchObject({ deleted: true, email_address: target.email_address, name: target.name })
    const kept = await rows({ ...RANGE, group_by: ['actor'], exclude_deleted_users: true })
    expect(kept.some((r) => r.group.actor?.type === 'user_actor' && r.group.actor.deleted)).toBe(false)
    expect(kept.some((r) => r.group.actor === null)).toBe(true)
  })
})

describe('report size errors', () => {
  it('answers report_page_too_large as the SDK types it, and a lower limit fits', async () => {
    const small = await startEmulator({ seed: 7, keys: 60, days: 20, now: () => NOW, reportLimits: { maxPageBytes: 60_000 } })
    try {
      const c = new Anthropic({ apiKey: small.adminKey, baseURL: small.baseURL, maxRetries: 0 })
      const params = { ...RANGE, time_bucket_width: '1d' as const, group_by: ['api_key_id' as const, 'actor' as const] }
      const error = await c.beta.organization.analytics.usage.list({ ...params, limit: 1000 }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BetaReportPageTooLargeError)
      expect((error as BetaReportPageTooLargeError).errorCode).toBe('report_page_too_large')
      const page = await c.beta.organization.analytics.usage.list({ ...params, limit: 50 })
      expect(page.data.length).toBe(50)
    } finally {
      await small.close()
    }
  })

  it('answers too_many_report_groups when a day has more groups than the report can return', async () => {
    const tight = await startEmulator({ seed: 7, keys: 60, days: 20, now: () => NOW, reportLimits: { maxGroupsPerDay: 20 } })
    try {
      const c = new Anthropic({ apiKey: tight.adminKey, baseURL: tight.baseURL, maxRetries: 0 })
      const error = await c.beta.organization.analytics.cost.list({ ...RANGE, time_bucket_width: '1d', group_by: ['api_key_id', 'model'] }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BetaTooManyReportGroupsError)
      expect((error as Error).message).toMatch(/more than 20 groups/)
      const fine = await c.beta.organization.analytics.cost.list({ ...RANGE, time_bucket_width: '1d', group_by: ['workspace_id'] })
      expect(fine.data.length).toBeGreaterThan(0)
    } finally {
      await tight.close()
    }
  })
})
