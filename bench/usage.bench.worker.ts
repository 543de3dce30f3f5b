/**
 * The usage benchmark's worker, built by `usage.bench.mjs` and run in its own process so its
 * peak RSS is the sync's alone. `emulator` mode serves the seeded org and prints its URL;
 * `sync` mode syncs from it (initial, then incremental) and times queries on the full cache.
 */
import Anthropic from '@anthropic-ai/sdk'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addDays, localDateOf, presetRange } from '../shared/calendar'
import { startEmulator } from '../electron/emulator'
import type { OrgDirectory } from '../electron/core/org/orgs/org-directory'
import { emptyAttributionSource } from '../electron/core/usage/attribution'
import { PAGE_SIZE } from '../electron/core/usage/report-fetch'
import { DEFAULT_PLAN, hourlyWindow, minimumPages, planDaily, type Window } from '../electron/core/usage/sync-plan'
import { createSyncService } from '../electron/core/usage/sync-service'
import { memorySpikeStore } from '../electron/core/usage/spike/memory-spike-store'
import { createSpikeService } from '../electron/core/usage/spike/spike-service'
import { projectAllOrgs } from '../electron/core/usage/usage-projection'
import { createUsageQueryService } from '../electron/core/usage/usage-service'
import { type UsageStore, createUsageStore } from '../electron/core/usage/store/usage-store'
import { limitHeapGrowth } from '../electron/core/platform/heap/heap-growth'

const REPORTS = ['/v1/organizations/analytics/usage', '/v1/organizations/analytics/cost']

/** The seeded org's size from argv (`emulator|sync KEYS PEOPLE DAYS`): 2,000 keys, 500 people, 90 days unless given. */
const [mode, keys = '2000', people = '500', days = '90'] = process.argv.slice(2)
const ORG = { keys: Number(keys), people: Number(people), days: Number(days) }
/** Query rounds: fewer for a small org (the quick bench only checks that everything runs). */
const ROUNDS = ORG.keys >= 1000 ? { queries: 200, people: 40, tray: 500, spikes: 5 } : { queries: 5, people: 2, tray: 5, spikes: 1 }

async function serveEmulator(): Promise<void> {
  const emulator = await startEmulator({ seed: 42, ...ORG })
  // The key goes to the parent over stdout (a pipe), never argv or a file.
  process.stdout.write(`${JSON.stringify({ baseURL: emulator.baseURL, adminKey: emulator.adminKey })}\n`)
  await new Promise<void>((resolve) => process.stdin.on('close', () => resolve()).resume())
  await emulator.close()
}

/** Rows the store holds for a window (its cells: what the API returns one row each for). */
function rowsOf(store: UsageStore, window: Window): number {
  const statement = store.db()!.prepare('SELECT count(*) AS n FROM usage WHERE kind = ? AND start_hour >= ? AND start_hour < ?')
  return Number((statement.get(window.kind === 'daily' ? 0 : 1, window.fromHour, window.toHour) as { n: number }).n)
}

function p50(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

async function syncAndQuery(baseURL: string, adminKey: string): Promise<void> {
  // This process stands in for the daemon (a host that syncs, then answers queries): it starts as every host does (start-host.ts).
  limitHeapGrowth()
  // The parent's directory when it gives one (it runs the CLI on the synced store afterwards, then removes it).
  const given = process.env.BENCH_DATA_DIR
  const dataDir = given ?? (await mkdtemp(join(tmpdir(), 'keyward-usage-bench-')))
  const requests: string[] = []
  /**
   * The watermark every report page says, so that the service's own hourly refreshes during a long
   * sync (a 20,000-key org's takes minutes) do not move it: the first page's until the bench moves it.
   */
  let watermark: string | null = null
  const countingFetch: typeof fetch = async (input, init) => {
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname
    requests.push(path)
    const answer = await fetch(input, init)
    if (!REPORTS.includes(path) || answer.status !== 200) return answer
    const body = (await answer.json()) as { data_refreshed_at: string | null }
    watermark ??= body.data_refreshed_at
    body.data_refreshed_at = watermark
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
  }
  const client = new Anthropic({ apiKey: adminKey, authToken: null, baseURL, maxRetries: 2, fetch: countingFetch, timeout: 120_000 })
  const orgs: OrgDirectory = { list: async () => [{ id: 'bench', name: 'Bench org', baseURL, adminProfile: null, demo: true }], client: async () => client }
  const store = createUsageStore(dataDir)
  const sync = createSyncService({ store, orgs })
  const reportRequests = (): number => requests.filter((p) => REPORTS.includes(p)).length

  const rssBefore = process.memoryUsage().rss
  const startedAt = Date.now()
  const t0 = performance.now()
  const [initial] = await sync.syncNow()
  const initialMs = performance.now() - t0
  if (initial?.lastError) throw new Error(`initial sync failed: ${initial.lastError.message}`)
  const initialReports = reportRequests()
  const initialAll = requests.length
  // The windows the initial sync fetched, and the fewest requests their rows allow.
  const hourly = hourlyWindow(startedAt)
  const windows = [hourly, ...planDaily(new Map(), null, startedAt)].map((w) => ({ ...w, rows: rowsOf(store, w) }))
  const minimum =
    2 *
    minimumPages(
      windows.map((w) => w.rows),
      PAGE_SIZE,
    )
  const rssAfterSync = process.resourceUsage().maxRSS * 1024

  // Steady state without a watermark move: only the trailing hourly window.
  const t1 = performance.now()
  await sync.syncNow()
  const incrementalMs = performance.now() - t1
  // The window as this sync fetched it (a long initial sync may have crossed an hour since it began).
  const trailingMinimum = 2 * minimumPages([rowsOf(store, hourlyWindow(Date.now()))], PAGE_SIZE)
  const incrementalReports = reportRequests() - initialReports
  const incrementalAll = requests.length - initialAll

  // Steady state after the service refreshed: the trailing window, then the open months' days again.
  watermark = new Date(Date.now() + 60_000).toISOString()
  const beforeMove = reportRequests()
  const t2 = performance.now()
  const [moved] = await sync.syncNow()
  const movedMs = performance.now() - t2
  if (moved?.lastError) throw new Error(`sync after a watermark move failed: ${moved.lastError.message}`)
  const movedReports = reportRequests() - beforeMove
  const openDays = new Map([...store.fetchedDays('bench')].map(([d, f]) => [d, { ...f, watermark: null }]))
  const openWindows = planDaily(openDays, watermark, Date.now(), DEFAULT_PLAN)
  const movedMinimum = 2 * minimumPages([rowsOf(store, hourlyWindow(Date.now())), ...openWindows.map((w) => rowsOf(store, w))], PAGE_SIZE)

  const queries = createUsageQueryService({ store, attribution: emptyAttributionSource })
  const timeZone = 'Europe/Berlin'
  const tLoad = performance.now()
  const org = await queries.load('bench')
  const loadMs = performance.now() - tLoad
  const today = localDateOf(Date.now(), timeZone)
  let seed = 7
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % n
  }
  const keyIds = [...new Set(org.index.series.map((s) => s.apiKeyId))]
  const personIds = [...new Set(org.index.series.map((s) => s.actorId))].filter((id) => id.startsWith('user_'))
  const perKeyAll: number[] = []
  const perKeyOne: number[] = []
  const perPersonAll: number[] = []
  const peopleScreen: number[] = []
  const personPage: number[] = []
  for (let i = 0; i < ROUNDS.queries; i++) {
    const from = addDays(today, -rand(ORG.days))
    const to = addDays(from, rand(60)) > today ? today : addDays(from, rand(60))
    const range = { from, to, timeZone }
    let t = performance.now()
    await queries.summary({ orgId: 'bench', range, groupBy: 'key' })
    perKeyAll.push(performance.now() - t)
    t = performance.now()
    await queries.keyDetail({ orgId: 'bench', range, keyId: keyIds[rand(keyIds.length)] ?? '' })
    perKeyOne.push(performance.now() - t)
    t = performance.now()
    await queries.summary({ orgId: 'bench', range, groupBy: 'user' })
    perPersonAll.push(performance.now() - t)
    t = performance.now()
    await queries.person({ orgId: 'bench', range, personId: personIds[rand(personIds.length)] ?? '' })
    personPage.push(performance.now() - t)
    if (i < ROUNDS.people) {
      t = performance.now()
      await queries.people({ orgId: 'bench', range })
      peopleScreen.push(performance.now() - t)
    }
  }
  const tray: number[] = []
  for (let i = 0; i < ROUNDS.tray; i++) {
    const t = performance.now()
    // The tray's summary asks both, side by side: spend and the month-end projection.
    await Promise.all([queries.spend(new Date(), timeZone), projectAllOrgs(queries, timeZone, new Date())])
    tray.push(performance.now() - t)
  }
  // The spike check that runs after every sync: every key's hours of the trailing window.
  const spikeRuns: number[] = []
  for (let i = 0; i < ROUNDS.spikes; i++) {
    const spikes = createSpikeService({ store: memorySpikeStore(), usage: queries, notifier: { notify: () => {} } })
    const t = performance.now()
    await spikes.evaluate('bench')
    spikeRuns.push(performance.now() - t)
  }
  const month = presetRange('month', Date.now(), timeZone)
  process.stdout.write(
    `${JSON.stringify({
      keys: keyIds.length,
      people: personIds.length,
      actors: org.meta.actors.length,
      series: org.index.series.length,
      rows: windows.reduce((n, w) => n + w.rows, 0),
      windows: windows.map((w) => ({ kind: w.kind, from: new Date(w.fromHour * 3_600_000).toISOString().slice(0, 10), rows: w.rows })),
      initialMs,
      initialReports,
      initialAll,
      minimum,
      incrementalMs,
      incrementalReports,
      incrementalAll,
      trailingMinimum,
      movedMs,
      movedReports,
      movedMinimum,
      openWindows: openWindows.length,
      rssAfterSync,
      rssBefore,
      peakRss: process.resourceUsage().maxRSS * 1024,
      loadMs,
      perKeyAllP50: p50(perKeyAll),
      perKeyOneP50: p50(perKeyOne),
      perPersonAllP50: p50(perPersonAll),
      personPageP50: p50(personPage),
      peopleScreenP50: p50(peopleScreen),
      trayP50: p50(tray),
      spikeP50: p50(spikeRuns),
      month,
    })}\n`,
  )
  // BENCH_KEEP_DB=1 keeps the synced database for profiling queries (its directory goes to stderr).
  if (given !== undefined) return
  if (process.env.BENCH_KEEP_DB === '1') process.stderr.write(`bench: kept ${dataDir}\n`)
  else await rm(dataDir, { recursive: true, force: true })
}

if (mode === 'emulator') await serveEmulator()
else await syncAndQuery(process.env.BENCH_BASE_URL ?? '', process.env.BENCH_ADMIN_KEY ?? '')
