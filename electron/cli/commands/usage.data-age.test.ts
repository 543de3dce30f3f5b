import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { OrgSyncStatus } from '../../../shared/contract/usage.contract'
import { startSyncedUsageKitForFile } from '../../core/usage/synced-usage-kit.test-support'
import type { UsageQueryService } from '../../core/usage/usage-service'
import type { CliIO } from '../io'
import { runSync, syncSummaryLine } from './sync'
import { parseUsageArgs, runUsage } from './usage'

// 31 May 2026, 22:10 UTC; every case runs in UTC and the plain (locale-free) wording of the CLI.
const NOW = new Date('2026-05-31T22:10:00Z')
const WATERMARK = '2026-05-31T20:40:00Z'
const kit = startSyncedUsageKitForFile({ seed: 7, keys: 8, days: 40 }, NOW)

/** The real query service over the synced emulator, with the service's watermark the new store will report. */
function queriesWithWatermark(dataRefreshedAt: string | null): UsageQueryService {
  const real = kit().queries
  return { ...real, summary: async (input) => ({ ...(await real.summary(input)), dataRefreshedAt }) }
}

function ioFor(out: string[]): CliIO {
  return { stdout: { write: (t: string) => out.push(t) }, stderr: { write: () => true }, stdin: new PassThrough(), env: { TZ: 'UTC' }, cwd: '/' }
}

async function usage(args: string[], dataRefreshedAt: string | null): Promise<string> {
  const out: string[] = []
  const code = await runUsage({ ...parseUsageArgs(args, { TZ: 'UTC' }, NOW), now: NOW }, ioFor(out), { queries: queriesWithWatermark(dataRefreshedAt) } as never)
  expect(code).toBe(0)
  return out.join('')
}

describe('keyward usage: how fresh the data is', { timeout: 30_000 }, () => {
  it('says "data as of" (the watermark) apart from the last sync, and marks today as so far', async () => {
    const header = (await usage(['--org', 'emu'], WATERMARK)).split('\n')[0]!
    expect(header).toMatch(/^Emulated org: 2026-05-01 to 2026-05-31 \(today so far\) \(UTC; data as of 20:40; last synced 2026-05-31T22:10:00\.000Z\)$/)
  })

  it('marks nothing partial for a range that ends before the watermark, and says nothing of it without one', async () => {
    const closed = (await usage(['--org', 'emu', '--from', '2026-05-01', '--to', '2026-05-20'], WATERMARK)).split('\n')[0]!
    expect(closed).toContain('2026-05-01 to 2026-05-20 (UTC; data as of 20:40;')
    expect(closed).not.toContain('so far')
    const without = (await usage(['--org', 'emu'], null)).split('\n')[0]!
    expect(without).toBe('Emulated org: 2026-05-01 to 2026-05-31 (UTC; last synced 2026-05-31T22:10:00.000Z)')
  })

  it('carries dataRefreshedAt and the first partial day in --json, and projects over the complete hours only', async () => {
    const json = JSON.parse(await usage(['--org', 'emu', '--json'], WATERMARK)) as { dataRefreshedAt: string | null; partialFrom: string | null; projection: { coveredTo: string } }
    expect(json).toMatchObject({ dataRefreshedAt: WATERMARK, partialFrom: '2026-05-31', projection: { coveredTo: '2026-05-31T20:00:00.000Z' } })
    const before = JSON.parse(await usage(['--org', 'emu', '--json', '--from', '2026-05-01', '--to', '2026-05-20'], WATERMARK)) as { partialFrom: string | null }
    expect(before.partialFrom).toBeNull()
    const none = JSON.parse(await usage(['--org', 'emu', '--json'], null)) as { dataRefreshedAt: string | null; partialFrom: string | null; projection: { coveredTo: string } }
    expect(none).toMatchObject({ dataRefreshedAt: null, partialFrom: null, projection: { coveredTo: '2026-05-31T22:00:00.000Z' } })
  })
})

describe('keyward sync: the summary line', () => {
  const status: OrgSyncStatus = {
    orgId: 'org_1',
    orgName: 'Acme',
    state: 'idle',
    windowsDone: 3,
    windowsTotal: 3,
    pages: 7,
    lastSyncedAt: '2026-05-31T22:10:00.000Z',
    dataRefreshedAt: null,
    lastError: null,
    nextSyncAt: null,
  }

  it.each([
    ['with a watermark today', '2026-05-31T20:40:00Z', 'Acme: synced 3 window(s), 7 report page(s) at 2026-05-31T22:10:00.000Z; data as of 20:40\n'],
    ['with a watermark of an earlier day', '2026-05-30T23:00:00Z', 'Acme: synced 3 window(s), 7 report page(s) at 2026-05-31T22:10:00.000Z; data as of May 30, 23:00\n'],
    ['without a watermark', null, 'Acme: synced 3 window(s), 7 report page(s) at 2026-05-31T22:10:00.000Z\n'],
  ])('says when it synced and how complete the data is, %s', (_name, dataRefreshedAt, expected) => {
    expect(syncSummaryLine({ ...status, dataRefreshedAt }, NOW.getTime(), 'UTC')).toBe(expected)
  })

  it('prints one line per org through runSync, in the zone of $TZ', async () => {
    const out: string[] = []
    const io = { ...ioFor(out), env: { TZ: 'Europe/Berlin' } }
    const code = await runSync({ orgId: undefined, json: false, now: NOW }, io, { sync: { syncNow: async () => [{ ...status, dataRefreshedAt: '2026-05-31T20:40:00Z' }] } } as never)
    expect(code).toBe(0)
    // 20:40 UTC is 22:40 on 31 May in Berlin (summer time), where it is already 1 June: the day is named.
    expect(out.join('')).toBe('Acme: synced 3 window(s), 7 report page(s) at 2026-05-31T22:10:00.000Z; data as of May 31, 22:40\n')
  })
})
