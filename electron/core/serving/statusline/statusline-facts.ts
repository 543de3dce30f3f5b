import { isKeywardError } from '../../../../shared/keyward-error'
import { type Projection, projectMonthEnd } from '../../../../shared/projection'
import { profileForDirectory, type ResolutionReason } from '../../keys/bindings/resolve'
import type { ServingConfig } from '../../platform/config/serving-config'
import { syncIntervalFromEnv } from '../../usage/sync-interval'
import { listCachedOrgs } from './cache-reader'
import { readStatuslineFigures } from './figures-file'
import { type SpendSums, attributeOrgs, readBudgets, spendSums } from './spend-sums'

export { watermarkOf } from './spend-sums'

/** What the status line knows about one directory; the formatter turns it into words. */
export interface StatuslineFacts {
  /**
   * The profile this directory gets (and the bound project directory it comes from, null for the
   * default profile), or why none: not bound, a project file that is not allowed (yet), or a
   * directory Claude Code named that does not exist.
   */
  readonly profile:
    { readonly name: string; readonly reason: ResolutionReason; readonly project?: string | null } | { readonly none: 'not-bound' | 'not-allowed' | 'error' | 'no-directory'; readonly message: string }
  /** The key's spend, or why there is none (no cache, key not in a synced org, unreadable cache). */
  readonly spend: SpendFacts | { readonly none: 'no-usage' | 'key-not-synced' | 'unreadable'; readonly message: string } | null
  /** The highest budget (by percent) that covers this key or project, or null. */
  readonly budget: { readonly percent: number; readonly state: 'ok' | 'warning' | 'exceeded'; readonly period: 'day' | 'month' } | null
  /** When the figures are older than the stale threshold: the last sync (null: never), and the service's watermark when known. */
  readonly stale: Staleness | null
}

/** Why the line is stale: by the service's watermark when known ("data as of"), else by the last sync. */
export interface Staleness {
  readonly lastSyncedAt: string | null
  /** The watermark the rule used, and the zone to tell it in; absent when no org said one. */
  readonly dataAsOf?: { readonly at: string; readonly timeZone: string }
}

/** Spend of the key this directory gets, summed over the orgs whose catalog holds it. */
export interface SpendFacts {
  readonly today: bigint
  readonly month: bigint
  readonly projection: Projection
  /** Bound project directories whose profile holds this key (attribution.ts): more than one means shared. */
  readonly projects: number
}

/** How old the last successful sync may be before the line says the figures are stale. */
export function staleAfterMs(env: NodeJS.ProcessEnv): number {
  // Two sync intervals (one missed sync is normal: a laptop waking up), and never under 15 minutes.
  return Math.max(15 * 60_000, 2 * syncIntervalFromEnv(env))
}

/**
 * How far the service's watermark may trail the clock on top of the sync threshold: the reports come
 * in whole hours, so a watermark up to an hour behind is the service's normal state, not staleness.
 */
export const WATERMARK_LAG_MS = 3_600_000

/**
 * The stale rule. With the service's watermark (`data_refreshed_at`) known, the figures are stale
 * when the watermark is older than the threshold plus the service's normal hour of lag: a sync a
 * minute ago that brought figures complete only to three hours ago is stale. Without one, when the
 * last sync is older than the threshold.
 */
export function staleness(lastSyncedAt: string | null, dataRefreshedAt: string | null, nowMs: number, timeZone: string, env: NodeJS.ProcessEnv): Staleness | null {
  const watermark = dataRefreshedAt === null ? Number.NaN : Date.parse(dataRefreshedAt)
  if (dataRefreshedAt !== null && Number.isFinite(watermark)) {
    return nowMs - watermark <= staleAfterMs(env) + WATERMARK_LAG_MS ? null : { lastSyncedAt, dataAsOf: { at: dataRefreshedAt, timeZone } }
  }
  const age = lastSyncedAt === null ? Number.POSITIVE_INFINITY : nowMs - Date.parse(lastSyncedAt)
  return age <= staleAfterMs(env) ? null : { lastSyncedAt }
}

/** What gathering needs; tests fix the clock and the time zone. */
export interface FactsDeps {
  readonly dataDir: string
  readonly readConfig: () => Promise<ServingConfig>
  readonly now: Date
  readonly timeZone: string
  readonly env: NodeJS.ProcessEnv
}

/** Gathers the facts for `cwd`: resolution, then (when a profile applies) the figures file or the store, budgets and staleness. */
export async function gatherFacts(cwd: string, deps: FactsDeps): Promise<StatuslineFacts> {
  const config = await deps.readConfig()
  let resolved: { profile: string; reason: ResolutionReason; directory: string }
  try {
    resolved = await profileForDirectory(config, cwd)
  } catch (error) {
    if (!isKeywardError(error)) throw error
    const none = error.code === 'NOT_BOUND' ? 'not-bound' : error.code === 'NOT_ALLOWED' ? 'not-allowed' : 'error'
    return { profile: { none, message: error.message }, spend: null, budget: null, stale: null }
  }
  const project = resolved.reason === 'default' ? null : resolved.directory
  const profile = { name: resolved.profile, reason: resolved.reason, project }
  const budgets = readBudgets(deps.dataDir)
  const context = { config, budgets, now: deps.now, timeZone: deps.timeZone }
  const sums = readStatuslineFigures(deps.dataDir, profile.name, project, context) ?? spendSums(profile.name, project, attributeOrgs(listCachedOrgs(deps.dataDir), config), budgets, context)
  return factsOf(profile, sums, deps)
}

/** The facts from the sums: the projection and the stale rule at this clock. */
function factsOf(profile: Extract<StatuslineFacts['profile'], { name: string }>, sums: SpendSums, deps: FactsDeps): StatuslineFacts {
  if (sums.kind === 'none') return { profile, spend: { none: sums.none, message: sums.message }, budget: null, stale: null }
  const nowMs = deps.now.getTime()
  // With every org's watermark known, the figures are only as fresh as the oldest, and the projection stops at its complete hours.
  let watermark: string | null = null
  for (const at of sums.watermarks) {
    if (at === null) {
      watermark = null
      break
    }
    if (watermark === null || Date.parse(at) < Date.parse(watermark)) watermark = at
  }
  const projection = watermark === null ? projectMonthEnd(sums.month, nowMs, deps.timeZone) : projectMonthEnd(sums.complete, nowMs, deps.timeZone, sums.completeTo)
  return {
    profile,
    spend: { today: sums.today, month: sums.month, projection, projects: sums.projects },
    budget: sums.budget,
    stale: staleness(sums.lastSynced, watermark, nowMs, deps.timeZone, deps.env),
  }
}
