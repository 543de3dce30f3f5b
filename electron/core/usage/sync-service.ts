import type Anthropic from '@anthropic-ai/sdk'
import { APIError } from '@anthropic-ai/sdk'
import { KeywardError, isKeywardError } from '../../../shared/errors'
import { redactSecrets } from '../../../shared/redact'
import { retryAfterSeconds, toAdminError } from '../org/admin/admin-errors'
import type { SyncFailureTracker } from '../alerts/notify/notifier'
import type { Org, OrgDirectory } from '../org/orgs/org-directory'
import { checkCatalogAmounts } from './catalog-amounts'
import { fetchCatalog } from './catalog-fetch'
import { fetchWindow } from './report-fetch'
import { DEFAULT_PLAN, type PlanOptions, hourlyWindow, planDaily } from './sync-plan'
import { DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS } from './sync-interval'
import type { UsageStore } from './store/usage-store'

export { DEFAULT_INTERVAL_MS, MIN_INTERVAL_MS, syncIntervalFromEnv } from './sync-interval'

/** Where one org's sync stands, for the dashboard, the tray and `keyward sync`. */
export interface OrgSyncStatus {
  readonly orgId: string
  readonly orgName: string
  readonly state: 'idle' | 'syncing' | 'failed'
  /** Windows done and planned in the running (or last) sync; the hourly trailing window counts as one. */
  readonly windowsDone: number
  readonly windowsTotal: number
  /** Report pages received in the running (or last) sync. */
  readonly pages: number
  readonly lastSyncedAt: string | null
  /** The service's watermark for the org (`data_refreshed_at` of the newest page synced): figures are complete up to it. */
  readonly dataRefreshedAt: string | null
  readonly lastError: { code: string; message: string } | null
  /** When the scheduler will try again; null when it is not running. */
  readonly nextSyncAt: string | null
}

/** How the sync service behaves; tests shorten retries and pin the clock. */
export interface SyncOptions {
  readonly store: UsageStore
  readonly orgs: OrgDirectory
  readonly now?: () => Date
  readonly plan?: PlanOptions
  /** SDK retries per request (it waits as `retry-after` says in between); default 2. */
  readonly maxRetries?: number
  /** Told about each attempt so that repeated failures raise one notice. */
  readonly failures?: SyncFailureTracker
  /** Called after every org that synced (budgets evaluate, indexes refresh). */
  readonly onSynced?: (orgId: string) => void | Promise<void>
  /** Further reports synced after the usage windows, with the same client (the Claude Code report); a failure fails the org's sync. */
  readonly afterWindows?: (client: Anthropic, org: Org, now: () => Date) => Promise<unknown>
  readonly log?: (line: string) => void
}

/** Syncs every org's usage into the cache, on demand and on a schedule. */
export interface SyncService {
  /** Syncs every org (or one); resolves with each org's status; a running sync is joined, not doubled. */
  syncNow(orgId?: string): Promise<OrgSyncStatus[]>
  status(): Promise<OrgSyncStatus[]>
  /** Starts the schedule: a sync now, then every `intervalMs` (at least a minute), later after a 429. */
  start(intervalMs?: number): void
  stop(): void
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Creates the sync service. */
export function createSyncService(options: SyncOptions): SyncService {
  const now = options.now ?? (() => new Date())
  const plan = options.plan ?? DEFAULT_PLAN
  const maxRetries = options.maxRetries ?? 2
  const statuses = new Map<string, Mutable<OrgSyncStatus>>()
  let running: Promise<OrgSyncStatus[]> | null = null
  let timer: NodeJS.Timeout | null = null
  let interval = DEFAULT_INTERVAL_MS
  let nextAt: number | null = null
  let retryAfterMs = 0

  const statusOf = (org: Org): Mutable<OrgSyncStatus> => {
    let s = statuses.get(org.id)
    if (!s) {
      s = { orgId: org.id, orgName: org.name, state: 'idle', windowsDone: 0, windowsTotal: 0, pages: 0, lastSyncedAt: null, dataRefreshedAt: null, lastError: null, nextSyncAt: null }
      statuses.set(org.id, s)
    }
    s.orgName = org.name
    return s
  }

  async function syncOrg(org: Org): Promise<void> {
    const status = statusOf(org)
    const ctx = { org, action: 'sync usage' }
    status.state = 'syncing'
    status.pages = 0
    status.windowsDone = 0
    try {
      const client: Anthropic = await options.orgs.client(org.id)
      const startedAt = now()
      const onPage = (): void => {
        status.pages += 1
      }
      const catalog = checkCatalogAmounts(await fetchCatalog(client, { maxRetries, now }))
      // The org's size bounds how many pages a report may take (see org/paging/page-caps.ts).
      const orgSize = { keys: catalog.keys.length, users: catalog.users?.length ?? 0, workspaces: catalog.workspaces.length }
      const stage = options.store.stage()
      const fetchedAt = (): string => now().toISOString()
      // The trailing window first: today's numbers are there soonest, and its pages tell the current watermark.
      const hourly = hourlyWindow(startedAt.getTime(), plan)
      status.windowsTotal = 1
      const first = await fetchWindow(client, hourly, stage, { maxRetries, onPage, orgSize, now })
      options.store.commitWindow(org.id, hourly, stage, { orgName: org.name, watermark: first.watermark, fetchedAt: fetchedAt(), actors: { list: first.actors, replace: true } })
      options.store.commitMeta(org.id, { orgName: org.name, catalog })
      status.windowsDone += 1
      const watermark = options.store.org(org.id)?.dataRefreshedAt ?? first.watermark
      const daily = planDaily(options.store.fetchedDays(org.id), watermark, startedAt.getTime(), plan)
      status.windowsTotal += daily.length
      for (const window of daily) {
        const fetched = await fetchWindow(client, window, stage, { maxRetries, onPage, orgSize, now })
        // Older windows never overwrite what the newer trailing window said about a person.
        options.store.commitWindow(org.id, window, stage, { orgName: org.name, watermark: fetched.watermark, fetchedAt: fetchedAt(), actors: { list: fetched.actors, replace: false } })
        status.windowsDone += 1
      }
      await options.afterWindows?.(client, org, now)
      options.store.commitMeta(org.id, { orgName: org.name, lastSyncedAt: startedAt.toISOString() })
      const done = options.store.org(org.id)
      status.lastSyncedAt = done?.lastSyncedAt ?? startedAt.toISOString()
      status.dataRefreshedAt = done?.dataRefreshedAt ?? null
      status.state = 'idle'
      status.lastError = null
      options.failures?.succeeded()
      await options.onSynced?.(org.id)
    } catch (error) {
      if (error instanceof APIError && error.status === 429) {
        retryAfterMs = Math.max(retryAfterMs, (retryAfterSeconds(error.headers as Headers | undefined) ?? 60) * 1000)
      }
      const coded = isKeywardError(error) ? error : toAdminError(error, ctx)
      status.state = 'failed'
      status.lastError = { code: coded.code, message: redactSecrets(coded.message) }
      options.failures?.failed(coded)
      options.log?.(`usage sync of ${org.name} failed: ${status.lastError.message}`)
    }
  }

  async function runAll(orgId?: string): Promise<OrgSyncStatus[]> {
    const orgs = await options.orgs.list()
    const chosen = orgId === undefined ? orgs : orgs.filter((o) => o.id === orgId)
    if (orgId !== undefined && chosen.length === 0) {
      throw new KeywardError('NOT_FOUND', `there is no org "${orgId.slice(0, 80)}" to sync; run: keyward orgs list (or keyward demo for the demo org)`)
    }
    const dropped = options.store.dropLegacyCache()
    if (dropped > 0) options.log?.(`the usage cache moved to a database; resyncing ${plan.historyDays} days of ${dropped} org${dropped === 1 ? '' : 's'}`)
    for (const org of chosen) await syncOrg(org)
    return chosen.map((o) => ({ ...statusOf(o) }))
  }

  async function cachedStatus(): Promise<OrgSyncStatus[]> {
    const orgs = await options.orgs.list().catch(() => [] as Org[])
    const out: OrgSyncStatus[] = []
    for (const org of orgs) {
      const s = statusOf(org)
      // The cache is shared: another process (keyward sync, the app) may have synced since this one did.
      const meta = (() => {
        try {
          return options.store.org(org.id)
        } catch {
          return null
        }
      })()
      const stored = meta?.lastSyncedAt ?? null
      if (stored !== null && (s.lastSyncedAt === null || stored > s.lastSyncedAt)) s.lastSyncedAt = stored
      if (meta?.dataRefreshedAt) s.dataRefreshedAt = meta.dataRefreshedAt
      out.push({ ...s, nextSyncAt: nextAt === null ? null : new Date(nextAt).toISOString() })
    }
    return out
  }

  function schedule(delayMs: number): void {
    if (timer) clearTimeout(timer)
    nextAt = Date.now() + delayMs
    timer = setTimeout(() => {
      timer = null
      retryAfterMs = 0
      void service
        .syncNow()
        .catch(() => [])
        .finally(() => {
          if (nextAt !== null) schedule(Math.max(interval, retryAfterMs))
        })
    }, delayMs)
    timer.unref?.()
  }

  const service: SyncService = {
    syncNow(orgId) {
      if (running) return running
      const work = runAll(orgId).finally(() => {
        running = null
      })
      running = work
      return work
    },
    status: cachedStatus,
    start(intervalMs = DEFAULT_INTERVAL_MS) {
      interval = Math.max(MIN_INTERVAL_MS, intervalMs)
      schedule(0)
    },
    stop() {
      if (timer) clearTimeout(timer)
      timer = null
      nextAt = null
    },
  }
  return service
}
