import { type LocalRange, addDays, requireTimeZone, localDateOf, monthStart, parseLocalDate, rangeInstants, startOfLocalDay } from '../../../shared/calendar'
import type { KeysLastUsed, UsageDaily, UsageGroupBy, UsageKeyDetail, UsagePeople, UsagePersonDetail, UsageRange, UsageSummary } from '../../../shared/contract/usage.contract'
import { KeywardError } from '../../../shared/errors'
import { toAmount } from '../../../shared/money'
import { type Attribution, type AttributionSource, attribute } from './attribution'
import { lastUsedByKey, neverSynced } from './last-used'
import { type Series, type Totals, addTotals, emptyTotals } from './store/totals'
import { peopleOf, personOf } from './people-queries'
import { breakdown, breakdownOf, dayEdges, groupingKey, iso } from './usage-breakdown'
import { type GroupLabel, grouper } from './usage-groups'
import type { OrgMeta } from './store/org-meta'
import type { UsageStore } from './store/usage-store'
import { UsageView } from './store/usage-view'
import { toWireTotals, tokensOf } from './usage-totals'

/** The API reports every amount in USD today; the cache keeps the currency in one place. */
export const CURRENCY = 'USD'

/** One org's cache, as the queries read it: its meta and a view that aggregates its usage in the store. */
export interface LoadedOrg {
  readonly meta: OrgMeta
  readonly index: UsageView
}

/** Reads the usage cache and answers every usage question: breakdowns, charts, key pages, the tray. */
export interface UsageQueryService {
  /** Orgs with a cache, in the order they should be offered. */
  orgs(): Promise<Array<{ id: string; name: string }>>
  /** One org's loaded cache (the default org when `orgId` is absent); rebuilt after each commit. */
  load(orgId?: string): Promise<LoadedOrg>
  summary(input: { orgId?: string | undefined; range: UsageRange; groupBy: UsageGroupBy }): Promise<UsageSummary>
  daily(input: { orgId?: string | undefined; range: UsageRange; by: UsageGroupBy; top: number }): Promise<UsageDaily>
  keyDetail(input: { orgId?: string | undefined; range: UsageRange; keyId: string }): Promise<UsageKeyDetail>
  /** Every person's (and other identity's) usage, the People screen: the first `limit` by spend (PEOPLE_PAGE when not given), with everyone's count and total. */
  people(input: { orgId?: string | undefined; range: UsageRange; limit?: number | undefined }): Promise<UsagePeople>
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
  /** Per org, the last view and the revision it was made at: a view is rebuilt only after a commit. */
  const loaded = new Map<string, { revision: number; db: unknown; org: LoadedOrg }>()

  async function orgs(): Promise<Array<{ id: string; name: string }>> {
    const found = deps.store.orgs()
    const order = (await deps.orgOrder?.().catch(() => [] as string[])) ?? []
    const rank = (id: string): number => (order.includes(id) ? order.indexOf(id) : order.length)
    return found.sort((a, b) => rank(a.id) - rank(b.id) || a.name.localeCompare(b.name))
  }

  async function load(orgId?: string): Promise<LoadedOrg> {
    const id = orgId ?? (await orgs())[0]?.id
    if (id === undefined) {
      throw new KeywardError('NOT_FOUND', 'no usage has been synced yet; add an org with an Admin key (keyward orgs add PROFILE) or try the demo (keyward demo), then run: keyward sync')
    }
    const revision = deps.store.revision(id)
    const db = deps.store.db()
    const hit = loaded.get(id)
    // The same revision on the same connection (a store closed and reopened gives a new one).
    if (hit && revision !== null && hit.revision === revision && hit.db === db) return hit.org
    const meta = deps.store.org(id)
    if (!meta || !db) throw new KeywardError('NOT_FOUND', `there is no synced usage for org "${id.slice(0, 80)}"; run: keyward sync`)
    const org = { meta, index: new UsageView(db, meta) }
    loaded.set(id, { revision: meta.revision, db, org })
    return org
  }

  async function attributionOf(meta: OrgMeta): Promise<Attribution> {
    const [profiles, bindings] = await Promise.all([deps.attribution.profiles(), deps.attribution.bindings()])
    return attribute(meta.catalog?.keys ?? [], profiles, bindings)
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
    attribution: async (orgId) => attributionOf((await load(orgId)).meta),
    async lastUsed(orgId) {
      if (deps.store.revision(orgId) === null) return neverSynced(orgId)
      const org = await load(orgId)
      const synced = org.index.syncedToHour > 0
      return {
        orgId,
        lastSyncedAt: synced ? org.meta.lastSyncedAt : null,
        coveredFrom: synced ? iso(org.index.dataFromHour) : null,
        keys: lastUsedByKey(org.index),
      }
    },
    async summary({ orgId, range, groupBy }) {
      const { fromMs, toMs } = checkRange(range)
      const org = await load(orgId)
      const attribution = await attributionOf(org.meta)
      const { fromHour, toHour } = org.index.cover(fromMs, toMs)
      // Built only when the view has not grouped this way yet (a big org's catalog makes it cost).
      let labelOf: ReturnType<typeof grouper> | null = null
      const label = (s: number): GroupLabel => (labelOf ??= grouper(groupBy, org.meta.catalog, attribution, org.meta.actors))(org.index.series[s]!)
      const { total, groups } = breakdown(org, fromHour, toHour, label, null, groupingKey(groupBy, attribution))
      const synced = org.index.syncedToHour > 0
      return {
        orgId: org.meta.orgId,
        orgName: org.meta.orgName,
        currency: CURRENCY,
        range,
        coveredFrom: synced ? iso(fromHour) : null,
        coveredTo: synced ? iso(toHour) : null,
        lastSyncedAt: org.meta.lastSyncedAt,
        dataRefreshedAt: org.meta.dataRefreshedAt,
        total: toWireTotals(total),
        groups,
      }
    },
    async daily({ orgId, range, by, top }) {
      checkRange(range)
      const org = await load(orgId)
      const attribution = await attributionOf(org.meta)
      const labelOf = grouper(by, org.meta.catalog, attribution, org.meta.actors)
      const { dates, edges } = dayEdges(org, range)
      const first = edges[0] ?? 0
      const last = edges[edges.length - 1] ?? 0
      const { groups } = breakdown(org, first, last, (s) => labelOf(org.index.series[s]!), null, groupingKey(by, attribution))
      const shown = groups.slice(0, top)
      const OTHER = '~other'
      // Group g < shown.length is shown[g]; the last is every other group.
      const slot = new Map(shown.map((g, i) => [g.id, i]))
      const n = dates.length
      const cells = org.index.bucketsByGroup(edges, shown.length + 1, (s) => slot.get(labelOf(org.index.series[s]!).id) ?? shown.length)
      const perGroup = new Map<string, Totals[]>()
      const total = emptyTotals()
      ;[...shown.map((g) => g.id), OTHER].forEach((gid, g) => {
        const days = dates.map((_, d) => cells.totalsOf(g * n + d))
        if (days.some((t) => t.cost !== 0n || t.numbers.some((v) => v !== 0))) perGroup.set(gid, days)
      })
      const order = [...shown.map((g) => ({ id: g.id, label: g.label })), { id: OTHER, label: 'Other' }]
      const series = order
        .filter((g) => perGroup.has(g.id))
        .map((g) => {
          const days = perGroup.get(g.id)!
          for (const t of days) addTotals(total, t)
          return { id: g.id, label: g.label, cost: days.map((t) => toAmount(t.cost)), tokens: days.map(tokensOf) }
        })
        .filter((s) => s.id !== OTHER || s.tokens.some((t) => t > 0) || s.cost.some((c) => c !== '0'))
      return { orgId: org.meta.orgId, currency: CURRENCY, dates, series, total: toWireTotals(total) }
    },
    async keyDetail({ orgId, range, keyId }) {
      checkRange(range)
      const org = await load(orgId)
      const attribution = await attributionOf(org.meta)
      const key = org.meta.catalog?.keys.find((k) => k.id === keyId)
      const seriesIds = org.index.seriesOfKey(keyId)
      if (!key && seriesIds.length === 0) {
        throw new KeywardError('NOT_FOUND', `org ${org.meta.orgName} has no API key ${keyId.slice(0, 80)} in the last sync; it may be new (run: keyward sync) or from another org.`)
      }
      const { dates, edges } = dayEdges(org, range)
      const first = edges[0] ?? 0
      const last = edges[edges.length - 1] ?? 0
      const only = new Set(seriesIds)
      const byModelLabel = grouper('model', org.meta.catalog, attribution)
      const perSeries = org.index.totalsBySeries(first, last, seriesIds)
      const { groups } = breakdownOf(perSeries, (s) => (only.has(s) ? byModelLabel(org.index.series[s]!) : SKIP))
      const byModel = groups.filter((g) => g.id !== SKIP.id)
      const keyTotal = emptyTotals()
      for (const t of perSeries.values()) addTotals(keyTotal, t)
      const cells = org.index.bucketsByGroup(edges, 1, (s) => (only.has(s) ? 0 : -1), seriesIds)
      const days = dates.map((_, d) => cells.totalsOf(d))
      const workspaceId = key?.workspaceId ?? org.index.series[seriesIds[0] ?? -1]?.workspaceId ?? null
      return {
        orgId: org.meta.orgId,
        currency: CURRENCY,
        key: {
          id: keyId,
          name: key?.name ?? keyId,
          hint: key?.hint ?? null,
          status: key?.status ?? null,
          workspace: workspaceId ? (org.meta.catalog?.workspaces.find((w) => w.id === workspaceId)?.name ?? workspaceId) : null,
          profile: attribution.profileOfKey.get(keyId) ?? null,
        },
        total: toWireTotals(keyTotal),
        byModel,
        dates,
        cost: days.map((t) => toAmount(t.cost)),
        tokens: days.map(tokensOf),
      }
    },
    async people({ orgId, range, limit }) {
      checkRange(range)
      const org = await load(orgId)
      return peopleOf(org, await attributionOf(org.meta), range, limit)
    },
    async person({ orgId, range, personId }) {
      checkRange(range)
      const org = await load(orgId)
      return personOf(org, await attributionOf(org.meta), range, personId)
    },
    async spend(now, timeZone) {
      const today = localDateOf(now.getTime(), timeZone)
      let todaySum = 0n
      let month = 0n
      for (const { id } of await orgs()) {
        const org = await load(id).catch(() => null)
        if (!org) continue
        const t = org.index.cover(startOfLocalDay(today, timeZone), startOfLocalDay(addDays(today, 1), timeZone))
        const m = org.index.cover(startOfLocalDay(monthStart(today), timeZone), startOfLocalDay(addDays(today, 1), timeZone))
        todaySum += org.index.totalCost(t.fromHour, t.toHour)
        month += org.index.totalCost(m.fromHour, m.toHour)
      }
      return { today: todaySum, monthToDate: month }
    },
    async spendOf(orgId, range, timeZone, include) {
      const org = await load(orgId)
      const attribution = await attributionOf(org.meta)
      const { startMs, endMs } = rangeInstants(range, timeZone)
      const { fromHour, toHour } = org.index.cover(startMs, endMs)
      const sums = org.index.group(fromHour, toHour, (s) => (include(org.index.series[s]!, attribution) ? 'in' : null))
      return sums.get('in')?.cost ?? 0n
    },
  }
}

/** A group label for series a breakdown should leave out of its rows (the key page's other keys). */
const SKIP: GroupLabel = { id: '~skip', label: '', kind: 'group', detail: null }
