import Anthropic from '@anthropic-ai/sdk'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type EmulatorHandle, startEmulator } from '../../emulator'
import type { OrgDirectory } from '../org/orgs/org-directory'
import { emptyAttributionSource } from './attribution'
import { createSyncService } from './sync-service'
import { createUsageQueryService } from './usage-service'
import { createUsageStore } from './store/usage-store'
import { dumpUsage } from './store/store.test-support'

/*
 * A server that sends a negative, non-decimal or absurdly long amount: the sync that reads it fails
 * naming the endpoint and the field, and the cache keeps exactly the figures it had.
 */

const NOW = new Date('2026-05-31T22:10:00Z')
const COST = '/v1/organizations/analytics/cost'
const SPEND_LIMITS = '/v1/organizations/spend_limits'

type Row = Record<string, unknown>
/** Rewrites the JSON body of answers to one path (the tampering server). */
type Tamper = { path: string; edit: (data: Row[]) => void } | null

let emulator: EmulatorHandle | null = null
let dataDir: string | null = null
afterEach(async () => {
  await emulator?.close()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
  emulator = null
  dataDir = null
})

async function start() {
  emulator = await startEmulator({ seed: 5, keys: 6, days: 10, now: () => NOW })
  dataDir = await mkdtemp(join(tmpdir(), 'keyward-amounts-'))
  const state: { tamper: Tamper } = { tamper: null }
  const tamperingFetch: typeof fetch = async (input, init) => {
    const answer = await fetch(input, init)
    const tamper = state.tamper
    if (!tamper || new URL(input instanceof Request ? input.url : String(input)).pathname !== tamper.path) return answer
    const body = (await answer.json()) as { data: Row[] }
    tamper.edit(body.data)
    return new Response(JSON.stringify(body), { status: answer.status, headers: { 'content-type': 'application/json' } })
  }
  const client = new Anthropic({ apiKey: emulator.adminKey, authToken: null, baseURL: emulator.baseURL, maxRetries: 0, fetch: tamperingFetch })
  const org = { id: 'emu', name: 'Emulated org', baseURL: emulator.baseURL, adminProfile: null, demo: true }
  const orgs: OrgDirectory = { list: async () => [org], client: async () => client }
  const store = createUsageStore(dataDir)
  const sync = createSyncService({ store, orgs, now: () => NOW, maxRetries: 0 })
  const queries = createUsageQueryService({ store, attribution: emptyAttributionSource })
  const figures = async () => ({
    rows: dumpUsage(store, 'emu'),
    byKey: await queries.summary({ range: { from: '2026-05-20', to: '2026-05-31', timeZone: 'UTC' }, groupBy: 'key' }),
  })
  return { state, sync, figures }
}

describe('usage sync and malformed amounts', { timeout: 30_000 }, () => {
  it.each([
    ['a negative cost', COST, '-125.5', /GET \/v1\/organizations\/analytics\/cost, field cost\.amount: the amount "-125\.5" is negative/],
    ['a cost that is not a decimal', COST, '1e9', /analytics\/cost, field cost\.amount: the amount "1e9" is not a decimal number of cents/],
    ['an absurdly long cost', COST, '9'.repeat(5_000), /analytics\/cost, field cost\.amount: the amount "9{40}…" has more than 15 digits of whole cents/],
    ['a negative spend limit', SPEND_LIMITS, '-100000', /GET \/v1\/organizations\/spend_limits, field amount: the amount "-100000" is negative/],
    ['a spend limit that is not a decimal', SPEND_LIMITS, '10 000', /spend_limits, field amount: the amount "10 000" is not a decimal number of cents/],
  ])('fails on %s, naming the endpoint and the field, and leaves the figures as they were', async (_, path, amount, message) => {
    const { state, sync, figures } = await start()
    expect((await sync.syncNow())[0]?.lastError).toBeNull()
    const before = await figures()
    expect(BigInt(before.byKey.total.cost.replace('.', ''))).toBeGreaterThan(0n)
    let edited = 0
    state.tamper = {
      path,
      edit: (data) => {
        const row = path === COST ? data.find((r) => r.cost) : data.find((r) => r.amount !== null)
        if (!row) return
        if (path === COST) (row.cost as Row).amount = amount
        else row.amount = amount
        edited += 1
      },
    }
    const [failed] = await sync.syncNow()
    expect(edited).toBeGreaterThan(0)
    expect(failed?.state).toBe('failed')
    expect(failed?.lastError?.code).toBe('UNAVAILABLE')
    expect(failed?.lastError?.message).toMatch(message)
    expect(failed?.lastError?.message).toMatch(/the cache was left unchanged/)
    expect(await figures()).toEqual(before)
    state.tamper = null
    expect((await sync.syncNow())[0]?.lastError).toBeNull()
  })
})
