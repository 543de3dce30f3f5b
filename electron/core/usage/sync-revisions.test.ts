import Anthropic from '@anthropic-ai/sdk'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type EmulatorHandle, startEmulator } from '../../emulator'
import { formatCents, fromAmount, parseCents } from '../../../shared/money'
import type { OrgDirectory } from '../org/orgs/org-directory'
import { emptyAttributionSource } from './attribution'
import { dumpUsage } from './store/store.test-support'
import { type UsageStore, createUsageStore } from './store/usage-store'
import { createSyncService } from './sync-service'
import { createUsageQueryService } from './usage-service'

/*
 * Revisions as the service makes them: a day of an open month changes after it was synced and the
 * watermark (`data_refreshed_at`) moves. The truth here is the emulator's figures times a factor per
 * day that the test controls, applied by a revising server in front of the emulator (usage and cost
 * alike), with a watermark the test moves. After each sync every figure must equal that truth.
 * The same properties against the emulator's own revisions are in sync-emulator-revisions.test.ts.
 */

const USAGE = '/v1/organizations/analytics/usage'
const COST = '/v1/organizations/analytics/cost'
type Row = Record<string, unknown>

/** A seeded generator (mulberry32), so every schedule is reproducible from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

let emulator: EmulatorHandle | null = null
let dataDir: string | null = null
let store: UsageStore | null = null
afterEach(async () => {
  store?.close()
  await emulator?.close()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
  emulator = null
  dataDir = null
  store = null
})

const dayOf = (iso: string): number => Math.floor(Date.parse(iso) / 86_400_000)
const isoDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10)

/** An emulator behind a revising server: `factor` scales a day's rows, `watermark` is every page's data_refreshed_at, `expire` answers 410. */
async function start(now: Date, emulatorOptions: { seed: number; keys: number; days: number }) {
  emulator = await startEmulator({ ...emulatorOptions, now: () => now })
  dataDir = await mkdtemp(join(tmpdir(), 'keyward-revisions-'))
  const server = {
    factor: new Map<number, bigint>(),
    watermark: new Date(now.getTime() - 3_600_000).toISOString(),
    /** Answers 410 to this many paged (cursor) report requests. */
    expire: 0,
    requests: [] as Array<{ path: string; startingAt: string; endingAt: string; paged: boolean }>,
  }
  const revising: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const report = url.pathname === USAGE || url.pathname === COST
    if (report)
      server.requests.push({ path: url.pathname, startingAt: url.searchParams.get('starting_at') ?? '', endingAt: url.searchParams.get('ending_at') ?? '', paged: url.searchParams.has('page') })
    if (report && url.searchParams.has('page') && server.expire > 0) {
      server.expire -= 1
      return new Response(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'the page cursor expired' } }), {
        status: 410,
        headers: { 'content-type': 'application/json' },
      })
    }
    const answer = await fetch(input, init)
    if (!report || answer.status !== 200) return answer
    const body = (await answer.json()) as { data: Row[]; data_refreshed_at: string | null }
    for (const bucket of body.data) {
      const f = server.factor.get(dayOf(String(bucket.starting_at))) ?? 1n
      if (f === 1n) continue
      for (const r of (bucket.results as Row[] | undefined) ?? [bucket]) scale(r, f)
    }
    body.data_refreshed_at = server.watermark
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
  }
  const client = new Anthropic({ apiKey: emulator.adminKey, authToken: null, baseURL: emulator.baseURL, maxRetries: 0, fetch: revising })
  const org = { id: 'emu', name: 'Emulated org', baseURL: emulator.baseURL, adminProfile: null, demo: true }
  const orgs: OrgDirectory = { list: async () => [org], client: async () => client }
  store = createUsageStore(dataDir)
  const sync = createSyncService({ store, orgs, now: () => now, maxRetries: 0 })
  const queries = createUsageQueryService({ store, attribution: emptyAttributionSource })
  const emu = emulator
  /** The truth for UTC days [from, to]: the emulator's cost per day times its factor (micro-cents). */
  const truth = (from: number, to: number): bigint => {
    let sum = 0n
    for (let d = from; d <= to; d++) sum += parseCents(emu.totals({ startingAt: new Date(d * 86_400_000), endingAt: new Date((d + 1) * 86_400_000) }).amount) * (server.factor.get(d) ?? 1n)
    return sum
  }
  const figure = async (from: number, to: number): Promise<bigint> => fromAmount((await queries.summary({ range: { from: isoDay(from), to: isoDay(to), timeZone: 'UTC' }, groupBy: 'key' })).total.cost)
  return { server, sync, queries, truth, figure }
}

/** Scales one row's tokens and cost by an integer factor, exactly. */
function scale(row: Row, f: bigint): void {
  const usage = row.usage as Record<string, unknown> | undefined
  if (usage) {
    for (const k of ['uncached_input_tokens', 'cache_read_input_tokens', 'output_tokens', 'requests']) if (typeof usage[k] === 'number') usage[k] = (usage[k] as number) * Number(f)
    const cc = usage.cache_creation as Record<string, number> | undefined
    if (cc) for (const k of Object.keys(cc)) if (typeof cc[k] === 'number') cc[k] = cc[k]! * Number(f)
  }
  const cost = row.cost as { amount?: string } | undefined
  if (cost?.amount !== undefined) cost.amount = formatCents(parseCents(cost.amount) * f)
}

describe('following revisions', { timeout: 120_000 }, () => {
  it('after random revisions of open-month days between syncs, every figure equals the truth; closed months cost no requests', async () => {
    const now = new Date('2026-12-06T12:00:00Z')
    const k = await start(now, { seed: 7, keys: 8, days: 90 })
    const random = prng(21)
    const today = dayOf(now.toISOString())
    const openFrom = dayOf('2026-11-01T00:00:00Z')
    expect((await k.sync.syncNow())[0]?.lastError).toBeNull()
    for (let round = 0; round < 8; round++) {
      const moved = random() < 0.7
      if (moved) {
        for (let i = 0; i < 3; i++) k.server.factor.set(openFrom + Math.floor(random() * (today - openFrom + 1)), BigInt(1 + Math.floor(random() * 3)))
        k.server.watermark = new Date(Date.parse(k.server.watermark) + 60_000 * (round + 1)).toISOString()
      }
      k.server.requests.length = 0
      const [status] = await k.sync.syncNow()
      expect(status?.lastError).toBeNull()
      expect(status?.dataRefreshedAt).toBe(k.server.watermark)
      // Closed months are final: no request reaches back before November.
      expect(k.server.requests.filter((r) => dayOf(r.startingAt) < openFrom)).toEqual([])
      // Without a watermark move only the trailing hourly window is fetched.
      if (!moved) expect(new Set(k.server.requests.map((r) => r.startingAt)).size).toBe(1)
      for (let d = openFrom; d < today; d++) expect(await k.figure(d, d), `round ${round}, ${isoDay(d)}`).toBe(k.truth(d, d))
      expect(await k.figure(dayOf('2026-12-01T00:00:00Z'), today - 1)).toBe(k.truth(dayOf('2026-12-01T00:00:00Z'), today - 1))
      expect(await k.figure(today - 89, today - 1)).toBe(k.truth(today - 89, today - 1))
    }
  })

  it('on 9 January, 30 December is final: revised after the first sync, it is never fetched again', async () => {
    const now = new Date('2027-01-09T12:00:00Z')
    const k = await start(now, { seed: 9, keys: 4, days: 60 })
    expect((await k.sync.syncNow())[0]?.lastError).toBeNull()
    const dec30 = dayOf('2026-12-30T00:00:00Z')
    const before = await k.figure(dec30, dec30)
    k.server.factor.set(dec30, 2n)
    k.server.factor.set(dayOf('2027-01-03T00:00:00Z'), 3n)
    k.server.watermark = new Date(now.getTime() - 60_000).toISOString()
    k.server.requests.length = 0
    expect((await k.sync.syncNow())[0]?.lastError).toBeNull()
    expect(k.server.requests.every((r) => dayOf(r.startingAt) >= dayOf('2027-01-01T00:00:00Z'))).toBe(true)
    expect(await k.figure(dec30, dec30)).toBe(before)
    const jan3 = dayOf('2027-01-03T00:00:00Z')
    expect(await k.figure(jan3, jan3)).toBe(k.truth(jan3, jan3))
  })

  it('on 6 December, 26 November is re-fetched after the watermark moves', async () => {
    const now = new Date('2026-12-06T12:00:00Z')
    const k = await start(now, { seed: 9, keys: 4, days: 60 })
    expect((await k.sync.syncNow())[0]?.lastError).toBeNull()
    const nov26 = dayOf('2026-11-26T00:00:00Z')
    k.server.factor.set(nov26, 2n)
    k.server.watermark = new Date(now.getTime() - 60_000).toISOString()
    k.server.requests.length = 0
    expect((await k.sync.syncNow())[0]?.lastError).toBeNull()
    expect(k.server.requests.some((r) => dayOf(r.startingAt) <= nov26 && nov26 < dayOf(r.endingAt))).toBe(true)
    expect(await k.figure(nov26, nov26)).toBe(k.truth(nov26, nov26))
    expect(k.truth(nov26, nov26)).toBeGreaterThan(0n)
  })
})

describe('an expired cursor (410)', { timeout: 120_000 }, () => {
  it('restarts the window from its first page once, and the figures are whole', async () => {
    const now = new Date('2026-12-06T12:00:00Z')
    const k = await start(now, { seed: 3, keys: 60, days: 80 })
    k.server.expire = 1
    const [status] = await k.sync.syncNow()
    expect(status?.lastError).toBeNull()
    expect(k.server.expire).toBe(0) // the one 410 was answered
    expect(k.server.requests.filter((r) => r.paged).length).toBeGreaterThan(0)
    const today = dayOf(now.toISOString())
    expect(await k.figure(today - 79, today - 1)).toBe(k.truth(today - 79, today - 1))
  })

  it('fails on a second 410, naming the report and the window, and leaves that window as it was', async () => {
    const now = new Date('2026-12-06T12:00:00Z')
    const k = await start(now, { seed: 3, keys: 60, days: 80 })
    expect((await k.sync.syncNow())[0]?.lastError).toBeNull()
    const rows = dumpUsage(store!, 'emu').filter((r) => r.startsWith('0|'))
    k.server.watermark = new Date(now.getTime() - 60_000).toISOString()
    k.server.factor.set(dayOf('2026-11-20T00:00:00Z'), 2n)
    k.server.expire = 1_000
    const [failed] = await k.sync.syncNow()
    expect(failed?.state).toBe('failed')
    expect(failed?.lastError?.message).toMatch(
      /expired the page cursor of GET \/v1\/organizations\/analytics\/(usage|cost) from 2026-1\d-\d\dT00:00:00Z to 2026-1\d-\d\dT00:00:00Z twice \(HTTP 410\).*left unchanged/,
    )
    expect(dumpUsage(store!, 'emu').filter((r) => r.startsWith('0|'))).toEqual(rows)
  })
})
