import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { emptyAttributionSource } from './attribution'
import type { UsageRow } from './usage-row'
import { type UsageQueryService, createUsageQueryService } from './usage-service'
import { type UsageStore, createUsageStore } from './store/usage-store'
import { commitRows } from './store/store.test-support'

const DAY0 = Date.parse('2026-03-01T00:00:00Z') / 3_600_000 // hours since the epoch
const row = (startHour: number, apiKeyId: string, requests: number, model = 'claude-sonnet-4-5'): UsageRow => ({
  startHour,
  apiKeyId,
  workspaceId: 'wrk_1',
  model,
  numbers: [requests * 10, 0, 0, 0, requests * 5, requests],
  costMicro: BigInt(requests * 1000),
})

let dir: string
let store: UsageStore
let queries: UsageQueryService

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-last-used-'))
  store = createUsageStore(dir)
  queries = createUsageQueryService({ store, attribution: emptyAttributionSource })
})
afterEach(async () => {
  store.close()
  await rm(dir, { recursive: true, force: true })
})

describe('usage.lastUsed', () => {
  it('says "never synced" for an org without a cache, and an empty map once synced without use', async () => {
    expect(await queries.lastUsed('org_none')).toEqual({ orgId: 'org_none', lastSyncedAt: null, coveredFrom: null, keys: {} })
    commitRows(store, 'org_a', { orgName: 'A', add: [{ kind: 'daily', fromHour: DAY0, toHour: DAY0 + 48, rows: [] }], lastSyncedAt: '2026-03-03T00:05:00.000Z' })
    expect(await queries.lastUsed('org_a')).toEqual({ orgId: 'org_a', lastSyncedAt: '2026-03-03T00:05:00.000Z', coveredFrom: '2026-03-01T00:00:00.000Z', keys: {} })
  })

  it('finds each key’s last hour or day bucket with usage, across models, ignoring zero rows and keyless usage', async () => {
    const hourlyFrom = DAY0 + 72
    commitRows(store, 'org_a', {
      orgName: 'A',
      add: [
        {
          kind: 'daily',
          fromHour: DAY0,
          toHour: hourlyFrom,
          rows: [row(DAY0, 'key_old', 3), row(DAY0 + 24, 'key_day', 1), row(DAY0 + 48, 'key_day', 2, 'claude-haiku-4-5'), row(DAY0 + 48, 'key_zero', 0)],
        },
        {
          kind: 'hourly',
          fromHour: hourlyFrom,
          toHour: hourlyFrom + 48,
          rows: [row(hourlyFrom + 5, 'key_hour', 1), row(hourlyFrom + 30, 'key_hour', 4, 'claude-haiku-4-5'), row(hourlyFrom + 40, 'key_hour', 0), row(hourlyFrom + 41, '', 9)],
        },
      ],
      lastSyncedAt: '2026-03-06T00:05:00.000Z',
    })
    const { keys } = await queries.lastUsed('org_a')
    expect(keys).toEqual({
      key_old: { at: '2026-03-01T00:00:00.000Z', bucket: 'day' },
      key_day: { at: '2026-03-03T00:00:00.000Z', bucket: 'day' },
      key_hour: { at: '2026-03-05T06:00:00.000Z', bucket: 'hour' },
    })
  })
})
