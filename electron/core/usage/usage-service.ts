import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { type LocalRange, addDays, requireTimeZone, localDateOf, monthStart, parseLocalDate, rangeInstants, startOfLocalDay } from '../../../shared/calendar'
import type { KeysLastUsed, UsageDaily, UsageGroupBy, UsageKeyDetail, UsagePeople, UsagePersonDetail, UsageRange, UsageSummary } from '../../../shared/contract/usage.contract'
import { KeywardError } from '../../../shared/errors'
import { toAmount } from '../../../shared/money'
import { type Attribution, type AttributionSource, attribute } from './attribution'
import { lastUsedByKey, neverSynced } from './last-used'
import { type Series, type Totals, UsageIndex, addTotals, emptyTotals } from './usage-index'
import { peopleOf, personOf } from './people-queries'
import { breakdown, dayEdges, iso } from './usage-breakdown'
import { type GroupLabel, grouper } from './usage-groups'
import type { Manifest } from './usage-manifest'
import { orgDirName, type UsageStore } from './usage-store'
import { toWireTotals, tokensOf } from './usage-totals'

/** The API reports every amount in USD today; the cache keeps the currency in one place. */
export const CURRENCY = 'USD'

/** One org's cache, loaded: its manifest and the index over its segments. */
export interface LoadedOrg {
  readonly manifest: Manifest
  readonly index: UsageIndex
}

/** Reads the usage cache and answers every usage question: breakdowns, charts, key pages, the tray. */
export interface UsageQueryService {
  /** Orgs with a cache, in the order they should be offered. */
  orgs(): Promise<Array<{ id: string; name: string }>>
  /** One org's loaded cache (the default org when `orgId` is absent); reloads when the manifest changed. */
  load(orgId?: string): Promise<LoadedOrg>
  summary(input: { orgId?: string | undefined; range: UsageRange; groupBy: UsageGroupBy }): Promise<UsageSummary>
  daily(input: { orgId?: string | undefined; range: UsageRange; by: UsageGroupBy; top: number }): Promise<UsageDaily>
  keyDetail(input: { orgId?: string | undefined; range: UsageRange; keyId: string }): Promise<UsageKeyDetail>
  /** Every person's (and other identity's) usage: the People screen. */
  people(input: { orgId?: string | undefined; range: UsageRange }): Promise<UsagePeople>
  /** One person's page. */
  person(input: { orgId?: string | undefined; range: UsageRange; personId: string }): Promise<UsagePersonDetail>
  /** Today's and this month's spend in `timeZone` across every org (micro-cents). */
  spend(now: Date, timeZone: string): Promise<{ today: bigint; monthToDate: bigint }>
  /** Spend of the series `include` picks, over local [from, to] in `timeZone`, in one org (for budgets). */
  spendOf(orgId: string, range: LocalRange, timeZone: string, include: (s: Series, attribution: Attribution) => boolean): Promise<bigint>
  /** Local attribution for an org's catalog. */
  attribution(orgId: string): Promise<Attribution>
  /** Each API key's last use in one org's cache; "never synced" (not an error) when it has none. */
  lastUsed(orgId: string): Promise<KeysLastUsed>
}

/** Creates the query service over a store; `orgOrder` (the org directory) puts configured orgs first. */
export function createUsageQueryService(deps: { readonly store: UsageStore; readonly attribution: AttributionSource; readonly orgOrder?: () => Promise<string[]> }): UsageQueryService {
  const loaded = new Map<string, { stamp: string; org: LoadedOrg }>()

  async function stampOf(orgId: string): Promise<string | null> {
    try {
      const s = await stat(join(deps.store.root, orgDirName(orgId), 'manifest.json'))
      return `${s.mtimeMs}:${s.size}:${s.ino}`
    } catch {
      return null
    }
  }

  /** Org ids and names per cache directory, kept while the directory's manifest is unchanged (the tray asks often). */
  const known = new Map<string, { stamp: string; id: string; name: string }>()

  async function orgs(): Promise<Array<{ id: string; name: string }>> {
    const found: Array<{ id: string; name: string }> = []
    for (const dir of await readdir(deps.store.root).catch(() => [] as string[])) {
      const stamp = await stampOf(dir)
      if (stamp === null) continue
      let entry = known.get(dir)
      if (!entry || entry.stamp !== stamp) {
        const m = await deps.store.manifest(dir).catch(() => null)
        if (!m) continue
        entry = { stamp, id: m.orgId, name: m.orgName }
        known.set(dir, entry)
      }
      found.push({ id: entry.id, name: entry.name })
    }
    const order = (await deps.orgOrder?.().catch(() => [] as string[])) ?? []
    const rank = (id: string): number => (order.includes(id) ? order.indexOf(id) : order.length)
    return found.sort((a, b) => rank(a.id) - rank(b.id) || a.name.localeCompare(b.name))
  }

  async function load(orgId?: string): Promise<LoadedOrg> {
    const id = orgId ?? (await orgs())[0]?.id
    if (id === undefined) {
      throw new KeywardError('NOT_FOUND', 'no usage has been synced yet; add an org with an Admin key (keyward orgs add PROFILE) or try the demo (keyward demo), then run: keyward sync')
    }
    const stamp = await stampOf(id)
    const hit = loaded.get(id)
    if (hit && stamp !== null && hit.stamp === stamp) return hit.org
    const manifest = await deps.store.manifest(id)
    if (!manifest) throw new KeywardError('NOT_FOUND', `there is no synced usage for org "${id.slice(0, 80)}"; run: keyward sync`)
    const segments = await Promise.all(manifest.segments.map((ref) => deps.store.segment(id, ref)))
    const org = { manifest, index: new UsageIndex(segments) }
    loaded.set(id, { stamp: stamp ?? '', org })
    return org
  }

  async function attributionOf(manifest: Manifest): Promise<Attribution> {
    const [profiles, bindings] = await Promise.all([deps.attribution.profiles(), deps.attribution.bindings()])
    return attribute(manifest.catalog?.keys ?? [], profiles, bindings)
  }

  function checkRange(range: UsageRange): { fromMs: number; toMs: number } {
    requireTimeZone(range.timeZone)
    for (const [which, date] of [
      ['start', range.from],
      ['end', range.to],
    ] as const) {
      try {
        parseLocalDate(date)
      } catch {
        throw new KeywardError('INVALID_INPUT', `the ${which} date ${JSON.stringify(date.slice(0, 20))} is not a real date; give a calendar day as YYYY-MM-DD, e.g. 2026-03-01`)
      }
    }
    if (range.from > range.to) throw new KeywardError('INVALID_INPUT', `the range starts (${range.from}) after it ends (${range.to}); put the earlier date first`)
    try {
      const { startMs, endMs } = rangeInstants(range, range.timeZone)
      return { fromMs: startMs, toMs: endMs }
    } catch (error) {
      throw new KeywardError('INVALID_INPUT', (error as Error).message)
    }
  }

  return {
    orgs,
    load,
    attribution: async (orgId) => attributionOf((await load(orgId)).manifest),
    async lastUsed(orgId) {
      if ((await deps.store.manifest(orgId)) === null) return neverSynced(orgId)
      const org = await load(orgId)
      const synced = org.index.syncedToHour > 0
      return {
        orgId,
        lastSyncedAt: synced ? org.manifest.lastSyncedAt : null,
        coveredFrom: synced ? iso(org.index.dataFromHour) : null,
        keys: lastUsedByKey(org.index),
      }
    },
    async summary({ orgId, range, groupBy }) {
      const { fromMs, toMs } = checkRange(range)
      const org = await load(orgId)
      const attribution = await attributionOf(org.manifest)
      const { fromHour, toHour } = org.index.cover(fromMs, toMs)
      const labelOf = grouper(groupBy, org.manifest.catalog, attribution, org.manifest.actors)
      const { total, groups } = breakdown(org, fromHour, toHour, (s) => labelOf(org.index.series[s]!))
      const synced = org.index.syncedToHour > 0
      return {
        orgId: org.manifest.orgId,
        orgName: org.manifest.orgName,
        currency: CURRENCY,
        range,
        coveredFrom: synced ? iso(fromHour) : null,
        coveredTo: synced ? iso(toHour) : null,
        lastSyncedAt: org.manifest.lastSyncedAt,
        total: toWireTotals(total),
        groups,
      }
    },
    async daily({ orgId, range, by, top }) {
      checkRange(range)
      const org = await load(orgId)
      const attribution = await attributionOf(org.manifest)
      const labelOf = grouper(by, org.manifest.catalog, attribution, org.manifest.actors)
      const { dates, edges } = dayEdges(org, range)
      const first = edges[0] ?? 0
      const last = edges[edges.length - 1] ?? 0
      const { groups } = breakdown(org, first, last, (s) => labelOf(org.index.series[s]!))
      const shown = groups.slice(0, top)
      const shownIds = new Set(shown.map((g) => g.id))
      const OTHER = '~other'
      const perGroup = new Map<string, Totals[]>()
      const total = emptyTotals()
      for (let s = 0; s < org.index.series.length; s++) {
        const id = labelOf(org.index.series[s]!).id
        const gid = shownIds.has(id) ? id : OTHER
        let days = perGroup.get(gid)
        if (!days) {
          days = dates.map(() => emptyTotals())
          perGroup.set(gid, days)
        }
        for (let d = 0; d < dates.length; d++) org.index.addSeries(s, edges[d]!, edges[d + 1]!, days[d]!)
      }
      const order = [...shown.map((g) => ({ id: g.id, label: g.label })), { id: OTHER, label: 'Other' }]
      const series = order
        .filter((g) => perGroup.has(g.id))
        .map((g) => {
          const days = perGroup.get(g.id)!
          for (const t of days) addTotals(total, t)
          return { id: g.id, label: g.label, cost: days.map((t) => toAmount(t.cost)), tokens: days.map(tokensOf) }
        })
        .filter((s) => s.id !== OTHER || s.tokens.some((t) => t > 0) || s.cost.some((c) => c !== '0'))
      return { orgId: org.manifest.orgId, currency: CURRENCY, dates, series, total: toWireTotals(total) }
    },
    async keyDetail({ orgId, range, keyId }) {
      checkRange(range)
      const org = await load(orgId)
      const attribution = await attributionOf(org.manifest)
      const key = org.manifest.catalog?.keys.find((k) => k.id === keyId)
      const seriesIds = org.index.seriesOfKey(keyId)
      if (!key && seriesIds.length === 0) {
        throw new KeywardError('NOT_FOUND', `org ${org.manifest.orgName} has no API key ${keyId.slice(0, 80)} in the last sync; it may be new (run: keyward sync) or from another org.`)
      }
      const { dates, edges } = dayEdges(org, range)
      const first = edges[0] ?? 0
      const last = edges[edges.length - 1] ?? 0
      const only = new Set(seriesIds)
      const byModelLabel = grouper('model', org.manifest.catalog, attribution)
      const { groups } = breakdown(org, first, last, (s) => (only.has(s) ? byModelLabel(org.index.series[s]!) : SKIP))
      const byModel = groups.filter((g) => g.id !== SKIP.id)
      const keyTotal = emptyTotals()
      const days = dates.map(() => emptyTotals())
      for (const s of seriesIds) {
        org.index.addSeries(s, first, last, keyTotal)
        for (let d = 0; d < dates.length; d++) org.index.addSeries(s, edges[d]!, edges[d + 1]!, days[d]!)
      }
      const workspaceId = key?.workspaceId ?? org.index.series[seriesIds[0] ?? -1]?.workspaceId ?? null
      return {
        orgId: org.manifest.orgId,
        currency: CURRENCY,
        key: {
          id: keyId,
          name: key?.name ?? keyId,
          hint: key?.hint ?? null,
          status: key?.status ?? null,
          workspace: workspaceId ? (org.manifest.catalog?.workspaces.find((w) => w.id === workspaceId)?.name ?? workspaceId) : null,
          profile: attribution.profileOfKey.get(keyId) ?? null,
        },
        total: toWireTotals(keyTotal),
        byModel,
        dates,
        cost: days.map((t) => toAmount(t.cost)),
        tokens: days.map(tokensOf),
      }
    },
    async people({ orgId, range }) {
      checkRange(range)
      const org = await load(orgId)
      return peopleOf(org, await attributionOf(org.manifest), range)
    },
    async person({ orgId, range, personId }) {
      checkRange(range)
      const org = await load(orgId)
      return personOf(org, await attributionOf(org.manifest), range, personId)
    },
    async spend(now, timeZone) {
      const today = localDateOf(now.getTime(), timeZone)
      let todaySum = 0n
      let month = 0n
      for (const { id } of await orgs()) {
        const org = await load(id).catch(() => null)
        if (!org) continue
        const all = (): string => 'all'
        const t = org.index.cover(startOfLocalDay(today, timeZone), startOfLocalDay(addDays(today, 1), timeZone))
        const m = org.index.cover(startOfLocalDay(monthStart(today), timeZone), startOfLocalDay(addDays(today, 1), timeZone))
        todaySum += org.index.group(t.fromHour, t.toHour, all).get('all')?.cost ?? 0n
        month += org.index.group(m.fromHour, m.toHour, all).get('all')?.cost ?? 0n
      }
      return { today: todaySum, monthToDate: month }
    },
    async spendOf(orgId, range, timeZone, include) {
      const org = await load(orgId)
      const attribution = await attributionOf(org.manifest)
      const { startMs, endMs } = rangeInstants(range, timeZone)
      const { fromHour, toHour } = org.index.cover(startMs, endMs)
      const sums = org.index.group(fromHour, toHour, (s) => (include(org.index.series[s]!, attribution) ? 'in' : null))
      return sums.get('in')?.cost ?? 0n
    },
  }
}

/** A group label for series a breakdown should leave out of its rows (the key page's other keys). */
const SKIP: GroupLabel = { id: '~skip', label: '', kind: 'group', detail: null }
