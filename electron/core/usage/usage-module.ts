import { systemTimeZone } from '../../../shared/calendar'
import type { AuditLog } from '../platform/audit/audit-log'
import { KeywardError } from '../../../shared/errors'
import { toAmount } from '../../../shared/money'
import { type SpikeService, createSpikeService } from './spike/spike-service'
import { createSpikeStore } from './spike/spike-store'
import { spikeHandlers } from './spike/spike.handlers'
import { type BudgetService, createBudgetService } from './budgets/budget-service'
import { createBudgetStore } from './budgets/budget-store'
import { budgetHandlers } from './budgets/budgets.handlers'
import type { ChannelService } from '../alerts/channels/channel-service'
import type { ConfigStore } from '../platform/config/config-store'
import { type Notifier, syncFailureTracker } from '../alerts/notify/notifier'
import type { OrgDirectory } from '../org/orgs/org-directory'
import type { Handlers } from '../router'
import type { TrayProviders } from '../serving/tray/tray-providers'
import { type SyncService, createSyncService } from './sync-service'
import { usageHandlers } from './usage.handlers'
import { projectAllOrgs, watermarksOf } from './usage-projection'
import { CURRENCY, type UsageQueryService } from './usage-service'
import { buildUsageQueries } from './usage-queries'
import { createUsageStore } from './store/usage-store'
import { revisionGraceDaysFromEnv } from './revision-grace'
import { DEFAULT_PLAN } from './sync-plan'
import { type ClaudeCodeService, createClaudeCodeService } from './claude-code/claude-code-service'
import { createSqliteClaudeCodeStore } from './claude-code/claude-code-sqlite-store'
import { claudeCodeHandlers } from './claude-code/claude-code.handlers'

/** Usage sync, queries and budgets, wired once for every host. */
export interface UsageModule {
  readonly queries: UsageQueryService
  readonly sync: SyncService
  readonly budgets: BudgetService
  readonly spikes: SpikeService
  /** Claude Code analytics: synced after the usage, reported per person. */
  readonly claudeCode: ClaudeCodeService
  readonly handlers: Pick<Handlers, Extract<keyof Handlers, `usage.${string}` | `budgets.${string}` | `alerts.${string}`>>
  /** The tray's spend, budget state, last sync, the data's watermark and "Sync now". */
  readonly tray: Pick<TrayProviders, 'spend' | 'budgetState' | 'lastSyncedAt' | 'dataRefreshedAt' | 'syncNow'>
  close(): void
}

/** Builds the usage module; the host decides whether to run the sync schedule (`sync.start`). */
export function createUsageModule(deps: {
  readonly dataDir: string
  readonly orgs: OrgDirectory
  /** The config `orgs` is stored in: the queries take profiles, bindings and the org order from it (usage-queries.ts). */
  readonly config: ConfigStore
  readonly notifier: Notifier
  readonly log: (line: string) => void
  readonly now?: () => Date
  /** Runs after each org synced, after the budgets (the core checks rotation reminders and writes the status line's figures here); awaited. */
  readonly afterSync?: (orgId: string) => void | Promise<void>
  /** The alert channels budgets and spike alerts may name. */
  readonly channels?: Pick<ChannelService, 'requireKnown' | 'names'>
  /** Where budget changes are recorded. */
  readonly audit?: Pick<AuditLog, 'append'>
}): UsageModule {
  const now = deps.now ?? (() => new Date())
  const store = createUsageStore(deps.dataDir)
  const queries = buildUsageQueries({ store, config: deps.config })
  const budgets = createBudgetService({
    store: createBudgetStore(deps.dataDir),
    usage: queries,
    notifier: deps.notifier,
    log: deps.log,
    watermarks: async () => watermarksOf(await sync.status()),
    ...(deps.channels !== undefined && { channels: deps.channels }),
    ...(deps.audit !== undefined && { audit: deps.audit }),
  })
  const spikes = createSpikeService({
    store: createSpikeStore(deps.dataDir),
    usage: queries,
    notifier: deps.notifier,
    now,
    ...(deps.channels !== undefined && { knownChannels: () => deps.channels!.names() }),
  })
  const claudeCode = createClaudeCodeService({ store: createSqliteClaudeCodeStore({ read: () => store.db(), write: () => store.writeDb() }), orgs: () => deps.orgs.list(), maxRetries: 2 })
  const sync = createSyncService({
    store,
    orgs: deps.orgs,
    now,
    afterWindows: (client, org, clock) => claudeCode.sync(client, org, clock),
    plan: { ...DEFAULT_PLAN, graceDays: revisionGraceDaysFromEnv(process.env) },
    failures: syncFailureTracker(deps.notifier),
    log: deps.log,
    onSynced: async (orgId) => {
      await budgets.evaluate(now()).catch((error: unknown) => deps.log(`budget check failed: ${error instanceof Error ? error.message : String(error)}`))
      await spikes.evaluate(orgId).catch((error: unknown) => deps.log(`spike check failed: ${error instanceof Error ? error.message : String(error)}`))
      await deps.afterSync?.(orgId)
    },
  })
  return {
    queries,
    sync,
    budgets,
    spikes,
    claudeCode,
    handlers: { ...usageHandlers(queries, sync, now), ...claudeCodeHandlers(claudeCode), ...budgetHandlers(budgets, now), ...spikeHandlers(spikes) },
    tray: {
      async spend(at) {
        const timeZone = systemTimeZone()
        const watermarks = watermarksOf(await sync.status())
        const [{ today, monthToDate }, monthEnd] = await Promise.all([queries.spend(at, timeZone), projectAllOrgs(queries, timeZone, at, watermarks)])
        return { today: { amount: toAmount(today), currency: CURRENCY }, monthToDate: { amount: toAmount(monthToDate), currency: CURRENCY }, monthEnd }
      },
      budgetState: (at) => budgets.worstState(at),
      async lastSyncedAt() {
        const times = (await sync.status()).map((s) => s.lastSyncedAt).filter((t): t is string => t !== null)
        return times.sort().at(-1) ?? null
      },
      async dataRefreshedAt() {
        const marks = store.orgs().map((o) => store.org(o.id)?.dataRefreshedAt ?? null)
        return (
          marks
            .filter((t): t is string => t !== null)
            .sort()
            .at(-1) ?? null
        )
      },
      async syncNow() {
        const results = await sync.syncNow()
        if (results.length === 0) throw new KeywardError('NOT_FOUND', 'there is no org to sync; add one with an Admin key (keyward orgs add PROFILE) or try the demo (keyward demo).')
        const failed = results.find((r) => r.lastError !== null)
        if (failed?.lastError) throw new KeywardError('UNAVAILABLE', `sync of ${failed.orgName} failed: ${failed.lastError.message}`)
      },
    },
    close: () => {
      sync.stop()
      store.close()
    },
  }
}
