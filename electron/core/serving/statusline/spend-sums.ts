import { join } from 'node:path'
import { addDays, localDateOf, monthStart, startOfLocalDay } from '../../../../shared/calendar'
import type { Budget } from '../../../../shared/contract/budgets.contract'
import { fromAmount, percentOf } from '../../../../shared/money'
import { completeHoursEndMs } from '../../../../shared/data-age'
import { budgetState, inScope, periodOf } from '../../usage/budgets/budget-scope'
import type { ServingConfig } from '../../platform/config/serving-config'
import { readStateFileSync } from '../../platform/fs/safe-file'
import { type Attribution, type LocalBinding, type LocalProfile, attribute } from '../../usage/attribution'
import { type CacheManifest, type CachedOrg, loadIndex } from './cache-reader'

/*
 * The part of the status line that reads the usage store: one profile's (and project's) sums today,
 * this month and to the end of the complete hours, the fullest budget that covers it, and the facts
 * the stale rule and the projection need. The status line computes them from the store when it has
 * no current figures file; the app or daemon computes the same, with this same code, after each sync
 * and writes them to that file (figures-file.ts), so the line is the same whichever path it took.
 */

/** The fullest budget covering a key or project: what the line shows of it. */
export interface BudgetFacts {
  readonly percent: number
  readonly state: 'ok' | 'warning' | 'exceeded'
  readonly period: 'day' | 'month'
}

/** What the usage store says for one profile and project, or why it says nothing. */
export type SpendSums =
  | {
      readonly kind: 'sums'
      readonly today: bigint
      readonly month: bigint
      /** The month to the end of the complete hours (`completeTo`), for the projection. */
      readonly complete: bigint
      /** The earliest end of the complete hours over the orgs used (completeHoursEndMs of each org's watermark). */
      readonly completeTo: number
      /** The service's watermark of each org used, null for an org whose cache carries none. */
      readonly watermarks: readonly (string | null)[]
      /** Bound project directories whose profile holds this key: more than one means shared. */
      readonly projects: number
      /** The latest successful sync of the orgs used. */
      readonly lastSynced: string | null
      readonly budget: BudgetFacts | null
    }
  | { readonly kind: 'none'; readonly none: 'no-usage' | 'key-not-synced' | 'unreadable'; readonly message: string }

/** A readable org of the store with the attribution of its keys to this machine's profiles and bindings. */
export interface AttributedOrg {
  readonly org: Extract<CachedOrg, { manifest: unknown }>
  readonly attribution: Attribution
}

/** The orgs the store holds, each readable one attributed once (attribution matches every key's hint, so it is not repeated per profile). */
export interface StoreOrgs {
  readonly all: readonly CachedOrg[]
  readonly attributed: readonly AttributedOrg[]
}

/** The attribution inputs of a config: its profiles' hints and its bindings (the figures file records them, to be used only with the same). */
export function attributionInputs(config: Pick<ServingConfig, 'profiles' | 'bindings'>): { local: LocalProfile[]; bindings: LocalBinding[] } {
  return { local: config.profiles.map((p) => ({ name: p.name, hint: p.hint })), bindings: config.bindings.map((b) => ({ directory: b.directory, profile: b.profile })) }
}

/** Attributes the keys of every readable org to the config's profiles. */
export function attributeOrgs(all: readonly CachedOrg[], config: Pick<ServingConfig, 'profiles' | 'bindings'>): StoreOrgs {
  const { local, bindings } = attributionInputs(config)
  const readable = all.filter((o): o is Extract<CachedOrg, { manifest: unknown }> => 'manifest' in o)
  return { all, attributed: readable.map((org) => ({ org, attribution: attribute(org.manifest.keys, local, bindings) })) }
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

/** The earliest end of the complete hours over these watermarks at `nowMs` (+∞ for none). */
export function completeToOf(watermarks: readonly (string | null)[], nowMs: number): number {
  return watermarks.reduce((to, watermark) => Math.min(to, completeHoursEndMs(nowMs, watermark)), Number.POSITIVE_INFINITY)
}

/** The clock and zone the sums are for. */
export interface SumsClock {
  readonly now: Date
  readonly timeZone: string
}

/** The sums for `profile` (and `project`, the bound directory it came from; null for the default profile) from the store. */
export function spendSums(profile: string, project: string | null, orgs: StoreOrgs, budgets: readonly Budget[], clock: SumsClock): SpendSums {
  if (orgs.all.length === 0) return { kind: 'none', none: 'no-usage', message: 'no usage synced yet' }
  const { now, timeZone } = clock
  const nowMs = now.getTime()
  const today = localDateOf(nowMs, timeZone)
  const dayStart = startOfLocalDay(today, timeZone)
  const dayEnd = startOfLocalDay(addDays(today, 1), timeZone)
  const monthFrom = startOfLocalDay(monthStart(today), timeZone)

  let todaySum = 0n
  let monthSum = 0n
  let completeSum = 0n
  const watermarks: (string | null)[] = []
  let projects = 0
  let lastSynced: string | null = null
  let best: BudgetFacts | null = null
  for (const { org, attribution } of orgs.attributed) {
    const keyIds = new Set([...attribution.profileOfKey].filter(([, p]) => p === profile).map(([id]) => id))
    if (keyIds.size === 0) continue
    if (org.manifest.lastSyncedAt !== null && (lastSynced === null || org.manifest.lastSyncedAt > lastSynced)) lastSynced = org.manifest.lastSyncedAt
    const watermark = watermarkOf(org.manifest)
    watermarks.push(watermark)
    const complete = completeHoursEndMs(nowMs, watermark)
    for (const id of keyIds) projects = Math.max(projects, attribution.projectsOfKey.get(id)?.length ?? 0)
    const keyWorkspaces = new Set(org.manifest.keys.filter((k) => keyIds.has(k.id)).map((k) => k.workspaceId))
    // Budgets that cover this key: its org, its workspace, its profile, or (bound to it alone) this project.
    const applying = budgets.filter((b) => {
      if (b.scope.orgId !== org.manifest.orgId) return false
      if (b.scope.type === 'workspace') return keyWorkspaces.has(b.scope.workspaceId)
      if (b.scope.type === 'profile') return b.scope.profile === profile
      if (b.scope.type === 'project') return b.scope.directory === project && [...keyIds].some((id) => inScope(b.scope, { apiKeyId: id, workspaceId: '' }, attribution))
      return true
    })
    const wideWorkspaces = new Set(applying.flatMap((b) => (b.scope.type === 'workspace' ? [b.scope.workspaceId] : [])))
    const wholeOrg = applying.some((b) => b.scope.type === 'org')
    let index
    try {
      index = loadIndex(org, wholeOrg ? { all: true } : { keys: [...keyIds], workspaces: [...wideWorkspaces] })
    } catch (error) {
      return { kind: 'none', none: 'unreadable', message: `the usage cache of ${org.manifest.orgName} could not be read (${(error as Error).message.slice(0, 120)})` }
    }
    const sumOver = (from: number, to: number, include: (s: { apiKeyId: string; workspaceId: string }) => boolean): bigint => {
      const { fromHour, toHour } = index.cover(from, to)
      return index.group(fromHour, toHour, (s) => (include(index.series[s]!) ? 'in' : null)).get('in')?.cost ?? 0n
    }
    const ofKey = (s: { apiKeyId: string }): boolean => keyIds.has(s.apiKeyId)
    todaySum += sumOver(dayStart, dayEnd, ofKey)
    monthSum += sumOver(monthFrom, dayEnd, ofKey)
    completeSum += sumOver(monthFrom, complete, ofKey)
    for (const b of applying) {
      const period = periodOf(b, now, timeZone)
      const spent = sumOver(startOfLocalDay(period.from, timeZone), startOfLocalDay(addDays(period.to, 1), timeZone), (s) => inScope(b.scope, s, attribution))
      const limit = fromAmount(b.limit)
      const percent = percentOf(spent, limit)
      if (best === null || percent > best.percent) best = { percent, state: budgetState(spent, limit, b.thresholds), period: b.period }
    }
  }
  if (watermarks.length === 0) {
    const unreadable = orgs.all.find((o): o is Extract<CachedOrg, { unreadable: string }> => 'unreadable' in o)
    if (unreadable) return { kind: 'none', none: 'unreadable', message: unreadable.unreadable }
    return { kind: 'none', none: 'key-not-synced', message: 'this key is in no synced org' }
  }
  return { kind: 'sums', today: todaySum, month: monthSum, complete: completeSum, completeTo: completeToOf(watermarks, nowMs), watermarks, projects, lastSynced, budget: best }
}

/**
 * The local budgets (`<dataDir>/budgets.json`), checked by hand for what the line uses; a budget
 * this reader does not accept is left out (the line then shows no budget rather than a wrong one).
 */
export function readBudgets(dataDir: string): Budget[] {
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
