import Anthropic from '@anthropic-ai/sdk'
import fc from 'fast-check'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { addDays, localDateOf } from '../../../shared/calendar'
import type { UsageGroupBy } from '../../../shared/contract/usage.contract'
import { fromAmount, parseCents } from '../../../shared/money'
import { type EmulatorHandle, type EmulatorOptions, type TruthQuery, startEmulator } from '../../emulator'
import type { OrgDirectory } from '../org/orgs/org-directory'
import { FEDERATED_PREFIX } from './actor-id'
import { emptyAttributionSource } from './attribution'
import { type UsageStore, createUsageStore } from './store/usage-store'
import { createSyncService } from './sync-service'
import { firstOpenDay } from './sync-plan'
import { SPECIAL } from './usage-groups'
import { createUsageQueryService } from './usage-service'

/*
 * The sync against the emulator's own revisions (electron/emulator/revisions.ts), over HTTP with
 * the SDK as the app does: the emulator revises open days at each refresh (automatic ones by its
 * clock, and `revise()`), and after every sync each figure must equal its truth as of the
 * watermark the sync's pages carried.
 */

const USAGE = '/v1/organizations/analytics/usage'
const COST = '/v1/organizations/analytics/cost'
const DAY_MS = 86_400_000

const open: Array<{ emulator: EmulatorHandle; store: UsageStore; dataDir: string }> = []
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.store.close()
    await o.emulator.close()
    await rm(o.dataDir, { recursive: true, force: true })
  }
})

/** An emulator on a clock the test moves, the real sync and queries over one store, and the report requests the sync sent. */
async function start(startAt: string, emulatorOptions: Omit<EmulatorOptions, 'now'>) {
  const clock = { now: new Date(startAt) }
  const emulator = await startEmulator({ ...emulatorOptions, now: () => clock.now })
  const dataDir = await mkdtemp(join(tmpdir(), 'keyward-emu-revisions-'))
  const store = createUsageStore(dataDir)
  open.push({ emulator, store, dataDir })
  const requests: Array<{ startingAt: string; endingAt: string }> = []
  const recording: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (url.pathname === USAGE || url.pathname === COST) requests.push({ startingAt: url.searchParams.get('starting_at') ?? '', endingAt: url.searchParams.get('ending_at') ?? '' })
    return fetch(input, init)
  }
  const client = new Anthropic({ apiKey: emulator.adminKey, authToken: null, baseURL: emulator.baseURL, maxRetries: 0, fetch: recording })
  const org = { id: 'emu', name: 'Emulated org', baseURL: emulator.baseURL, adminProfile: null, demo: true }
  const orgs: OrgDirectory = { list: async () => [org], client: async () => client }
  const sync = createSyncService({ store, orgs, now: () => clock.now, maxRetries: 0 })
  const queries = createUsageQueryService({ store, attribution: emptyAttributionSource })
  /** Syncs once; returns the watermark its pages carried. */
  const syncOnce = async (): Promise<string> => {
    const [status] = await sync.syncNow()
    expect(status?.lastError).toBeNull()
    expect(Date.parse(status?.dataRefreshedAt ?? '')).toBe(Date.parse(emulator.refresh().dataRefreshedAt))
    return status!.dataRefreshedAt!
  }
  /** The cached cost of UTC days [from, to] (YYYY-MM-DD), in micro-cents. */
  const figure = async (from: string, to: string): Promise<bigint> => fromAmount((await queries.summary({ range: { from, to, timeZone: 'UTC' }, groupBy: 'key' })).total.cost)
  /** The emulator's cost of UTC days [from, to] as of `asOf`, in micro-cents. */
  const truth = (from: string, to: string, asOf: string): bigint =>
    parseCents(emulator.totals({ startingAt: new Date(`${from}T00:00:00Z`), endingAt: new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS), asOf }).amount)
  return { clock, emulator, requests, sync, queries, syncOnce, figure, truth }
}

/** The API's own filter for one group of a summary (special groups are the usage with no key or actor). */
function filterOf(groupBy: UsageGroupBy, id: string): Omit<TruthQuery, 'startingAt' | 'endingAt'> {
  if (groupBy === 'key') return { apiKeyIds: [id === SPECIAL.none ? '' : id] }
  return { actors: [id === SPECIAL.noActor ? '' : id.startsWith(FEDERATED_PREFIX) ? id.slice(1) : id] }
}

const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

describe('following the emulator’s own revisions', { timeout: 300_000 }, () => {
  it('after random revisions and clock moves between syncs, every per-key and per-person figure equals the truth as of the watermark; closed months cost no requests', async () => {
    let compared = 0
    let revisedSeen = 0
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000 }),
        fc.array(fc.record({ advanceMinutes: fc.integer({ min: 0, max: 16 * 60 }), revisions: fc.integer({ min: 0, max: 2 }) }), { minLength: 2, maxLength: 4 }),
        fc.array(
          fc.record({
            back: fc.integer({ min: 0, max: 60 }),
            length: fc.integer({ min: 0, max: 40 }),
            groupBy: fc.constantFrom<UsageGroupBy>('key', 'user'),
            timeZone: fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata'),
          }),
          {
            minLength: 3,
            maxLength: 3,
          },
        ),
        async (seed, schedule, ranges) => {
          // From 5 December evening: the schedule may cross the 8th, when November closes.
          const k = await start('2026-12-05T20:30:00Z', { seed, keys: 6, people: 4, days: 70, revisions: { everyMinutes: 180, share: 0.5, maxPercent: 4 } })
          await k.syncOnce()
          for (const step of schedule) {
            k.clock.now = new Date(k.clock.now.getTime() + step.advanceMinutes * 60_000)
            for (let i = 0; i < step.revisions; i++) k.emulator.revise()
            const figuresBefore = await k.figure('2026-11-01', utcDay(k.clock.now.getTime()))
            k.requests.length = 0
            const asOf = await k.syncOnce()
            // Closed months are final: no request reaches before the first open day.
            const openFrom = firstOpenDay(k.clock.now.getTime(), 8) * DAY_MS
            expect(k.requests.filter((r) => Date.parse(r.startingAt) < openFrom)).toEqual([])
            if (figuresBefore !== (await k.figure('2026-11-01', utcDay(k.clock.now.getTime())))) revisedSeen += 1
            for (const range of ranges) {
              const to = addDays(localDateOf(k.clock.now.getTime(), range.timeZone), -range.back) // open and closed months alike
              const from = addDays(to, -range.length)
              const summary = await k.queries.summary({ range: { from, to, timeZone: range.timeZone }, groupBy: range.groupBy })
              if (summary.coveredFrom === null) continue
              const window = { startingAt: summary.coveredFrom, endingAt: summary.coveredTo!, asOf }
              const all = k.emulator.totals(window)
              expect(fromAmount(summary.total.cost), `${from}..${to} as of ${asOf}`).toBe(parseCents(all.amount))
              expect(summary.total.totalTokens).toBe(all.totalTokens)
              for (const group of summary.groups) {
                const truth = k.emulator.totals({ ...window, ...filterOf(range.groupBy, group.id) })
                expect(fromAmount(group.totals.cost), `${range.groupBy} ${group.id} ${from}..${to} as of ${asOf}`).toBe(parseCents(truth.amount))
                expect(group.totals.totalTokens).toBe(truth.totalTokens)
                compared += 1
              }
            }
          }
        },
      ),
      { numRuns: 10, seed: 20261206 },
    )
    // Not vacuous: groups were compared one by one, and syncs did bring revised figures.
    expect(compared).toBeGreaterThan(50)
    expect(revisedSeen).toBeGreaterThan(3)
  })

  it('on 6 December, a revision of 26 November is fetched again', async () => {
    const k = await start('2026-12-06T12:00:00Z', { seed: 9, keys: 4, days: 60, revisions: { share: 1 } })
    await k.syncOnce()
    const before = await k.figure('2026-11-26', '2026-11-26')
    k.emulator.revise()
    k.requests.length = 0
    const asOf = await k.syncOnce()
    const nov26 = Date.parse('2026-11-26T00:00:00Z')
    expect(k.requests.some((r) => Date.parse(r.startingAt) <= nov26 && nov26 < Date.parse(r.endingAt))).toBe(true)
    const after = await k.figure('2026-11-26', '2026-11-26')
    expect(after).toBe(k.truth('2026-11-26', '2026-11-26', asOf))
    expect(after).not.toBe(before)
  })

  it('on 9 January, 30 December is final and not fetched again', async () => {
    const k = await start('2027-01-09T12:00:00Z', { seed: 9, keys: 4, days: 60, revisions: { share: 1 } })
    const first = await k.syncOnce()
    const before = await k.figure('2026-12-30', '2026-12-30')
    k.emulator.revise()
    k.requests.length = 0
    const asOf = await k.syncOnce()
    expect(asOf).not.toBe(first)
    expect(k.requests.length).toBeGreaterThan(0)
    expect(k.requests.filter((r) => Date.parse(r.startingAt) < Date.parse('2027-01-01T00:00:00Z'))).toEqual([])
    expect(await k.figure('2026-12-30', '2026-12-30')).toBe(before)
    expect(before).toBe(k.truth('2026-12-30', '2026-12-30', asOf))
    // January was revised and fetched again.
    expect(await k.figure('2027-01-03', '2027-01-03')).toBe(k.truth('2027-01-03', '2027-01-03', asOf))
  })
})
