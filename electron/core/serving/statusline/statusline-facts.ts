import { join } from 'node:path'
import { addDays, localDateOf, monthStart, startOfLocalDay } from '../../../../shared/calendar'
import type { Budget } from '../../../../shared/contract/budgets.contract'
import { isKeywardError } from '../../../../shared/keyward-error'
import { fromAmount, percentOf } from '../../../../shared/money'
import { type Projection, projectMonthEnd } from '../../../../shared/projection'
import { completeHoursEndMs } from '../../../../shared/data-age'
import { profileForDirectory, type ResolutionReason } from '../../keys/bindings/resolve'
import { budgetState, inScope, periodOf } from '../../usage/budgets/budget-scope'
import type { ServingConfig } from '../../platform/config/serving-config'
import { readStateFileSync } from '../../platform/fs/safe-file'
import { attribute } from '../../usage/attribution'
import { syncIntervalFromEnv } from '../../usage/sync-interval'
import { type CacheManifest, type CachedOrg, listCachedOrgs, loadIndex } from './cache-reader'

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

/**
 * The service's watermark of one org's cache, from the manifest as cache-reader.ts reads it
 * (`dataRefreshedAt`, ISO-8601); null when the cache does not carry one (older caches).
 */
export function watermarkOf(manifest: CacheManifest): string | null {
  if (!('dataRefreshedAt' in manifest)) return null
  const at: unknown = manifest.dataRefreshedAt
  return typeof at === 'string' && Number.isFinite(Date.parse(at)) ? at : null
}

/** What gathering needs; tests fix the clock and the time zone. */
export interface FactsDeps {
  readonly dataDir: string
  readonly readConfig: () => Promise<ServingConfig>
  readonly now: Date
  readonly timeZone: string
  readonly env: NodeJS.ProcessEnv
}

/** Gathers the facts for `cwd`: resolution, then (when a profile applies) the cache, budgets and staleness. */
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
  const profile = { name: resolved.profile, reason: resolved.reason, project: resolved.reason === 'default' ? null : resolved.directory }
  const orgs = listCachedOrgs(deps.dataDir)
  if (orgs.length === 0) return { profile, spend: { none: 'no-usage', message: 'no usage synced yet' }, budget: null, stale: null }
  const readable = orgs.filter((o): o is Extract<CachedOrg, { manifest: unknown }> => 'manifest' in o)
  const local = config.profiles.map((p) => ({ name: p.name, hint: p.hint }))
  const bindings = config.bindings.map((b) => ({ directory: b.directory, profile: b.profile }))

  const nowMs = deps.now.getTime()
  const today = localDateOf(nowMs, deps.timeZone)
  const dayStart = startOfLocalDay(today, deps.timeZone)
  const dayEnd = startOfLocalDay(addDays(today, 1), deps.timeZone)
  const monthFrom = startOfLocalDay(monthStart(today), deps.timeZone)
  const budgets = readBudgets(deps.dataDir)

  let todaySum = 0n
  let monthSum = 0n
  // The month to the end of the complete hours (the watermark's), for the projection; and the oldest watermark of the orgs used.
  let completeSum = 0n
  let completeTo = Number.POSITIVE_INFINITY
  let oldestWatermark: string | null = null
  let everyOrgHasWatermark = true
  let projects = 0
  let found = false
  let lastSynced: string | null = null
  let best: StatuslineFacts['budget'] = null
  for (const org of readable) {
    const attribution = attribute(org.manifest.keys, local, bindings)
    const keyIds = new Set([...attribution.profileOfKey].filter(([, p]) => p === profile.name).map(([id]) => id))
    if (keyIds.size === 0) continue
    found = true
    if (org.manifest.lastSyncedAt !== null && (lastSynced === null || org.manifest.lastSyncedAt > lastSynced)) lastSynced = org.manifest.lastSyncedAt
    const watermark = watermarkOf(org.manifest)
    if (watermark === null) everyOrgHasWatermark = false
    else if (oldestWatermark === null || Date.parse(watermark) < Date.parse(oldestWatermark)) oldestWatermark = watermark
    const complete = completeHoursEndMs(nowMs, watermark)
    completeTo = Math.min(completeTo, complete)
    for (const id of keyIds) projects = Math.max(projects, attribution.projectsOfKey.get(id)?.length ?? 0)
    const keyWorkspaces = new Set(org.manifest.keys.filter((k) => keyIds.has(k.id)).map((k) => k.workspaceId))
    const project = resolved.reason === 'default' ? null : resolved.directory
    // Budgets that cover this key: its org, its workspace, its profile, or (bound to it alone) this project.
    const applying = budgets.filter((b) => {
      if (b.scope.orgId !== org.manifest.orgId) return false
      if (b.scope.type === 'workspace') return keyWorkspaces.has(b.scope.workspaceId)
      if (b.scope.type === 'profile') return b.scope.profile === profile.name
      if (b.scope.type === 'project') return b.scope.directory === project && [...keyIds].some((id) => inScope(b.scope, { apiKeyId: id, workspaceId: '' }, attribution))
      return true
    })
    const wideWorkspaces = new Set(applying.flatMap((b) => (b.scope.type === 'workspace' ? [b.scope.workspaceId] : [])))
    const wholeOrg = applying.some((b) => b.scope.type === 'org')
    let index
    try {
      index = loadIndex(org, wholeOrg ? { all: true } : { keys: [...keyIds], workspaces: [...wideWorkspaces] })
    } catch (error) {
      return { profile, spend: { none: 'unreadable', message: `the usage cache of ${org.manifest.orgName} could not be read (${(error as Error).message.slice(0, 120)})` }, budget: null, stale: null }
    }
    const sumOver = (from: number, to: number, include: (s: { apiKeyId: string; workspaceId: string }) => boolean): bigint => {
      const { fromHour, toHour } = index.cover(from, to)
      return index.group(fromHour, toHour, (s) => (include(index!.series[s]!) ? 'in' : null)).get('in')?.cost ?? 0n
    }
    const ofKey = (s: { apiKeyId: string }): boolean => keyIds.has(s.apiKeyId)
    todaySum += sumOver(dayStart, dayEnd, ofKey)
    monthSum += sumOver(monthFrom, dayEnd, ofKey)
    completeSum += sumOver(monthFrom, complete, ofKey)
    for (const b of applying) {
      const period = periodOf(b, deps.now, deps.timeZone)
      const spent = sumOver(startOfLocalDay(period.from, deps.timeZone), startOfLocalDay(addDays(period.to, 1), deps.timeZone), (s) => inScope(b.scope, s, attribution))
      const limit = fromAmount(b.limit)
      const percent = percentOf(spent, limit)
      if (best === null || percent > best.percent) best = { percent, state: budgetState(spent, limit, b.thresholds), period: b.period }
    }
  }
  if (!found) {
    const unreadable = orgs.find((o): o is Extract<CachedOrg, { unreadable: string }> => 'unreadable' in o)
    if (unreadable) return { profile, spend: { none: 'unreadable', message: unreadable.unreadable }, budget: null, stale: null }
    return { profile, spend: { none: 'key-not-synced', message: 'this key is in no synced org' }, budget: null, stale: null }
  }
  // With every org's watermark known, the figures are only as fresh as the oldest, and the projection stops at its complete hours.
  const watermark = everyOrgHasWatermark ? oldestWatermark : null
  const projection = watermark === null ? projectMonthEnd(monthSum, nowMs, deps.timeZone) : projectMonthEnd(completeSum, nowMs, deps.timeZone, completeTo)
  return {
    profile,
    spend: { today: todaySum, month: monthSum, projection, projects },
    budget: best,
    stale: staleness(lastSynced, watermark, nowMs, deps.timeZone, deps.env),
  }
}

/**
 * The local budgets (`<dataDir>/budgets.json`), checked by hand for what the line uses; a budget
 * this reader does not accept is left out (the line then shows no budget rather than a wrong one).
 */
function readBudgets(dataDir: string): Budget[] {
  let text: string | null
  try {
    text = readStateFileSync(join(dataDir, 'budgets.json'))
  } catch {
    return []
  }
  if (text === null) return []
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return []
  }
  const list = (json as { budgets?: unknown } | null)?.budgets
  if (!Array.isArray(list)) return []
  return list.filter((b): b is Budget => {
    const scope = (b as { scope?: Record<string, unknown> } | null)?.scope
    if (typeof scope?.orgId !== 'string' || typeof (b as Budget).limit !== 'string' || !/^\d{1,15}(\.\d{1,8})?$/.test((b as Budget).limit)) return false
    if ((b as Budget).period !== 'day' && (b as Budget).period !== 'month') return false
    if (!Array.isArray((b as Budget).thresholds) || !(b as Budget).thresholds.every((t) => Number.isInteger(t))) return false
    if (scope.type === 'org') return true
    if (scope.type === 'workspace') return typeof scope.workspaceId === 'string'
    if (scope.type === 'profile') return typeof scope.profile === 'string'
    return scope.type === 'project' && typeof scope.directory === 'string'
  })
}
