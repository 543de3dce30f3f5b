import { afterEach, describe, expect, it } from 'vitest'
import { addDays, localDateOf } from '../../../shared/calendar'
import { fromAmount, parseCents } from '../../../shared/money'
import { startEmulator } from '../../emulator'
import { type UsageTestKit, startUsageTestKit } from './usage.test-support'
import { createSyncService } from './sync-service'
import { createUsageStore } from './store/usage-store'
import { dumpUsage, storedCost } from './store/store.test-support'

const NOW = new Date('2026-05-31T22:10:00Z')
const USAGE = '/v1/organizations/analytics/usage'
let kit: UsageTestKit | null = null

afterEach(async () => {
  await kit?.close()
  kit = null
})

/** Usage pages of the hourly window (1: 804 rows) and of the newest daily window (3: 2,060 rows) for this org: 60 keys, seed 3. */
const PAGES_BEFORE_SECOND_DAILY = 4

async function start(maxRetries = 0): Promise<UsageTestKit> {
  kit = await startUsageTestKit({ emulator: { seed: 3, keys: 60, days: 80, now: () => NOW }, now: () => NOW, maxRetries })
  return kit
}

/** Every committed day and the hourly window total exactly what the emulator says for their own range: nothing half-applied. */
async function expectWholeWindows(k: UsageTestKit): Promise<void> {
  const meta = k.store.org('emu')
  const truthOf = (fromHour: number, toHour: number): bigint => parseCents(k.emulator.totals({ startingAt: new Date(fromHour * 3_600_000), endingAt: new Date(toHour * 3_600_000) }).amount)
  for (const day of k.store.fetchedDays('emu').keys()) {
    expect(storedCost(k.store, 'emu', 'daily', day * 24, day * 24 + 24), `day ${new Date(day * 86_400_000).toISOString()}`).toBe(truthOf(day * 24, day * 24 + 24))
  }
  if (meta) expect(storedCost(k.store, 'emu', 'hourly', meta.hourlyFromHour, meta.syncedToHour)).toBe(truthOf(meta.hourlyFromHour, meta.syncedToHour))
}

async function expectFullAndExact(k: UsageTestKit): Promise<void> {
  const today = localDateOf(NOW.getTime(), 'UTC')
  const summary = await k.queries.summary({ range: { from: addDays(today, -89), to: today, timeZone: 'UTC' }, groupBy: 'model' })
  const truth = k.emulator.totals({ startingAt: summary.coveredFrom!, endingAt: summary.coveredTo! })
  expect(fromAmount(summary.total.cost)).toBe(parseCents(truth.amount))
  expect(summary.total.totalTokens).toBe(truth.totalTokens)
  expect(summary.lastSyncedAt).toBe(NOW.toISOString())
}

// Each case syncs 90 days through the emulator: seconds on a busy machine, and not a speed test.
describe('usage sync under faults', { timeout: 30_000 }, () => {
  it('fetches 90 days in 31-day windows, then only the trailing window', async () => {
    const k = await start()
    const [first] = await k.sync.syncNow()
    expect(first?.state).toBe('idle')
    expect(first?.windowsTotal).toBe(4) // the trailing hourly window and 3 daily windows of at most 31 days
    await expectFullAndExact(k)
    const before = k.requests.filter((r) => r.path === USAGE).length
    const [second] = await k.sync.syncNow()
    expect(second?.windowsTotal).toBe(1)
    const hourlyPages = Math.ceil(dumpUsage(k.store, 'emu').filter((row) => row.startsWith('1|')).length / 1000)
    expect(k.requests.filter((r) => r.path === USAGE).length - before).toBe(hourlyPages)
    await expectFullAndExact(k)
    await expectWholeWindows(k)
  })

  it('waits as retry-after says on a 429 and completes', async () => {
    const k = await start(2)
    k.emulator.faults.set(`GET ${USAGE}`, { kind: '429', retryAfterSeconds: 1, times: 1 })
    const [status] = await k.sync.syncNow()
    expect(status?.lastError).toBeNull()
    const log = k.emulator.requests.filter((r) => r.path === USAGE)
    expect(log[0]?.status).toBe(429)
    expect(log[1]?.status).toBe(200)
    await expectFullAndExact(k)
  })

  it('reports RATE_LIMITED when 429s outlast the retries, and keeps the cache as it was', async () => {
    const k = await start(0)
    await k.sync.syncNow()
    const before = dumpUsage(k.store, 'emu')
    k.emulator.faults.set(`GET ${USAGE}`, { kind: '429', retryAfterSeconds: 1 })
    const [status] = await k.sync.syncNow()
    expect(status?.state).toBe('failed')
    expect(status?.lastError?.code).toBe('RATE_LIMITED')
    expect(dumpUsage(k.store, 'emu')).toEqual(before)
    k.emulator.faults.clear()
    expect((await k.sync.syncNow())[0]?.lastError).toBeNull()
    await expectFullAndExact(k)
  })

  it('leaves no half-applied window after a 500 in the middle of a window, and the next sync completes', async () => {
    const k = await start(0)
    k.beforeRequest = (path, count) => {
      if (path === USAGE && count === PAGES_BEFORE_SECOND_DAILY + 2) k.emulator.faults.set(`GET ${USAGE}`, { kind: '500', times: 1 })
    }
    const [failed] = await k.sync.syncNow()
    expect(failed?.state).toBe('failed')
    expect(failed?.lastError?.code).toBe('UNAVAILABLE')
    // The fault hit the second page of the second daily window: the hourly and one daily window are in.
    expect(failed?.windowsDone).toBe(2)
    await expectWholeWindows(k)
    k.beforeRequest = null
    const [done] = await k.sync.syncNow()
    expect(done?.lastError).toBeNull()
    expect(done?.windowsTotal).toBe(1 + 2) // the trailing window, and only the two daily windows missing
    await expectFullAndExact(k)
    await expectWholeWindows(k)
  })

  it('rejects a malformed page without touching the cache', async () => {
    const k = await start(0)
    k.beforeRequest = (path, count) => {
      if (path === '/v1/organizations/analytics/cost' && count === 3) k.emulator.faults.set('GET /v1/organizations/analytics/cost', { kind: 'malformed', times: 1 })
    }
    const [failed] = await k.sync.syncNow()
    expect(failed?.state).toBe('failed')
    expect(failed?.lastError?.message).toMatch(/could not read/)
    await expectWholeWindows(k)
    k.beforeRequest = null
    expect((await k.sync.syncNow())[0]?.lastError).toBeNull()
    await expectFullAndExact(k)
  })

  it('keeps serving the cache while the network is down, and catches up when it is back', async () => {
    const k = await start(0)
    await k.sync.syncNow()
    const today = localDateOf(NOW.getTime(), 'UTC')
    const range = { from: addDays(today, -29), to: today, timeZone: 'UTC' }
    const before = await k.queries.summary({ range, groupBy: 'key' })
    const port = k.emulator.port
    await k.emulator.close()
    const [offline] = await k.sync.syncNow()
    expect(offline?.lastError?.code).toBe('NETWORK')
    expect(await k.queries.summary({ range, groupBy: 'key' })).toEqual(before)
    const revived = await startEmulator({ port, seed: 3, keys: 60, days: 80, now: () => NOW })
    try {
      const [back] = await k.sync.syncNow()
      expect(back?.lastError).toBeNull()
      expect(await k.queries.summary({ range, groupBy: 'key' })).toEqual({ ...before, lastSyncedAt: NOW.toISOString() })
    } finally {
      await revived.close()
    }
  })
})

describe('two syncs at once', { timeout: 30_000 }, () => {
  it('never double counts when two processes commit the same windows', async () => {
    const k = await start(0)
    const other = createSyncService({ store: createUsageStore(k.dataDir), orgs: k.orgs, now: () => NOW, maxRetries: 0 })
    const [a, b] = await Promise.all([k.sync.syncNow(), other.syncNow()])
    expect(a[0]?.lastError).toBeNull()
    expect(b[0]?.lastError).toBeNull()
    expect(k.store.fetchedDays('emu').size).toBe(87)
    await expectFullAndExact(k)
  })
})
