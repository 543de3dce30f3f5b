import type { ActorType, UsageGroup, UsagePeople, UsagePersonDetail, UsageRange } from '../../../shared/contract/usage.contract'
import { PEOPLE_PAGE } from '../../../shared/people-page'
import { KeywardError } from '../../../shared/errors'
import { toAmount } from '../../../shared/money'
import { productFamily } from '../../../shared/products'
import { FEDERATED_PREFIX } from './actor-id'
import type { Attribution } from './attribution'
import { breakdown, dayEdges, groupingKey, groupingOf } from './usage-breakdown'
import { type Series, type Totals, addTotals, emptyTotals } from './store/totals'
import type { ActorInfo } from './catalog-types'
import { type GroupLabel, grouper, SPECIAL } from './usage-groups'
import type { LoadedOrg } from './usage-service'
import { toWireTotals, tokensOf } from './usage-totals'

/*
 * The People screen's queries. A row per actor the API attributes usage to (the `user` grouping
 * of the usage summary, so the ids, labels and totals are the same); per row the Claude Code and
 * API split, a cost per day and the top key and model, in one pass over the series.
 */

const CURRENCY = 'USD'

/** What kind of identity an actor id is. */
function actorTypeOf(info: ActorInfo | undefined, actorId: string): ActorType {
  if (actorId === '' || actorId === SPECIAL.noActor) return 'unattributed'
  if (actorId.startsWith(FEDERATED_PREFIX)) return 'federated'
  if (info) return info.type
  return actorId.startsWith('svac_') ? 'service_account' : actorId.startsWith('apikey_') ? 'api_key' : 'user'
}

const actorsById = (org: LoadedOrg): Map<string, ActorInfo> => new Map(org.meta.actors.map((a) => [a.id, a]))

/** Whether the cache knows a person (or other actor) by this id: seen in synced usage or an org member. */
export function knowsActor(org: LoadedOrg, actorId: string): boolean {
  if (org.meta.actors.some((a) => a.id === actorId) || (org.meta.catalog?.users ?? []).some((u) => u.id === actorId)) return true
  return org.index.series.some((s) => s.actorId === actorId)
}

/** The biggest entry of a cost map, or null. */
function top(costs: Map<string, bigint>): string | null {
  let best: string | null = null
  let most = -1n
  for (const [id, cost] of costs) if (cost > most) [best, most] = [id, cost]
  return best
}

/**
 * Everyone's usage over the range, people with the biggest spend first: the first `limit` rows,
 * with `count` saying how many there are and `total` covering everyone. A row's split, trend and
 * top key and model are worked out for the rows returned only, so a page of a 5,000-person org
 * costs about what a small org does.
 */
export function peopleOf(org: LoadedOrg, attribution: Attribution, range: UsageRange, limit = PEOPLE_PAGE): UsagePeople {
  const labelOf = grouper('user', org.meta.catalog, attribution, org.meta.actors)
  const keyLabel = grouper('key', org.meta.catalog, attribution, org.meta.actors)
  const { dates, edges } = dayEdges(org, range)
  const first = edges[0] ?? 0
  const last = edges[edges.length - 1] ?? 0
  // Everyone's totals through the summary's own grouping (kept per view), then the series of the rows shown only.
  const label = (s: number): GroupLabel => labelOf(org.index.series[s]!)
  const key = groupingKey('user', attribution)
  const { total, groups: everyone } = breakdown(org, first, last, label, null, key)
  const groups = everyone.slice(0, limit)
  const { cellOf, names } = groupingOf(org.index, label, key)
  const shown = new Set(groups.map((g) => g.id))
  const only: number[] = []
  for (let s = 0; s < org.index.series.length; s++) if (shown.has(names[cellOf[s]!] ?? '')) only.push(s)
  const totals = org.index.totalsBySeries(first, last, only)
  interface Acc {
    claudeCode: bigint
    api: bigint
    keys: Map<string, bigint>
    models: Map<string, bigint>
  }
  const acc = new Map<string, Acc>()
  const actors = actorsById(org)
  const seriesOfKey = new Map<string, Series>()
  const zero = emptyTotals()
  for (const s of only) {
    const series = org.index.series[s]!
    if (series.apiKeyId && !seriesOfKey.has(series.apiKeyId)) seriesOfKey.set(series.apiKeyId, series)
    const id = names[cellOf[s]!]!
    const scratch = totals.get(s) ?? zero
    let a = acc.get(id)
    if (!a) acc.set(id, (a = { claudeCode: 0n, api: 0n, keys: new Map(), models: new Map() }))
    const family = productFamily(series.product)
    if (family === 'claude_code') a.claudeCode += scratch.cost
    else if (family === 'api') a.api += scratch.cost
    if (series.apiKeyId) a.keys.set(series.apiKeyId, (a.keys.get(series.apiKeyId) ?? 0n) + scratch.cost)
    if (series.model) a.models.set(series.model, (a.models.get(series.model) ?? 0n) + scratch.cost)
  }
  const n = dates.length
  // A row's group id is its actor's id ('~unattributed' for usage with none): the trend is per actor.
  const trend = org.index.costsByActor(
    edges,
    groups.map((g) => (g.id === SPECIAL.noActor ? '' : g.id)),
  )
  const people = groups.map((g, i) => {
    const a = acc.get(g.id)!
    const keyId = top(a.keys)
    const keySeries = keyId === null ? undefined : seriesOfKey.get(keyId)
    return {
      id: g.id,
      label: g.label,
      detail: g.detail,
      type: actorTypeOf(actors.get(g.id), g.id),
      deleted: actors.get(g.id)?.deleted ?? false,
      totals: g.totals,
      claudeCodeCost: toAmount(a.claudeCode),
      apiCost: toAmount(a.api),
      trend: dates.map((_, d) => toAmount(trend.costOf(i * n + d))),
      topKey: keyId === null || !keySeries ? null : { id: keyId, label: keyLabel(keySeries).label },
      topModel: top(a.models),
    }
  })
  return {
    orgId: org.meta.orgId,
    orgName: org.meta.orgName,
    currency: CURRENCY,
    range,
    lastSyncedAt: org.meta.lastSyncedAt,
    dataRefreshedAt: org.meta.dataRefreshedAt,
    dates,
    total: toWireTotals(total),
    count: everyone.length,
    people,
  }
}

/** One person's page; an id the cache does not know is NOT_FOUND (never an empty page that looks like no spend). */
export function personOf(org: LoadedOrg, attribution: Attribution, range: UsageRange, personId: string): UsagePersonDetail {
  const actorId = personId === SPECIAL.noActor ? '' : personId
  if (actorId !== '' && !knowsActor(org, actorId)) {
    throw new KeywardError('NOT_FOUND', `org ${org.meta.orgName} has no person ${personId.slice(0, 80)} in its synced usage or member list; it may be new (run: keyward sync) or from another org.`)
  }
  const labelOf = grouper('user', org.meta.catalog, attribution, org.meta.actors)
  const actors = actorsById(org)
  const only = new Set(org.index.seriesOfActor(actorId))
  const { dates, edges } = dayEdges(org, range)
  const first = edges[0] ?? 0
  const last = edges[edges.length - 1] ?? 0
  const total = emptyTotals()
  const perSeries = org.index.totalsBySeries(first, last, [...only])
  for (const t of perSeries.values()) addTotals(total, t)
  const cells = org.index.bucketsByGroup(edges, 1, (s) => (only.has(s) ? 0 : -1), [...only])
  const days = dates.map((_, d) => cells.totalsOf(d))
  // Only this person's series are summed (a breakdown over the whole org would cost every series three times).
  const by = (dimension: 'product' | 'model' | 'key'): UsageGroup[] => {
    const label = grouper(dimension, org.meta.catalog, attribution, org.meta.actors)
    const sums = new Map<string, { g: GroupLabel; t: Totals }>()
    for (const [s, t] of perSeries) {
      const g = label(org.index.series[s]!)
      let entry = sums.get(g.id)
      if (!entry) sums.set(g.id, (entry = { g, t: emptyTotals() }))
      addTotals(entry.t, t)
    }
    return [...sums.values()]
      .filter(({ t }) => t.cost !== 0n || tokensOf(t) !== 0 || (t.numbers[5] ?? 0) !== 0)
      .sort((a, b) => (a.t.cost > b.t.cost ? -1 : a.t.cost < b.t.cost ? 1 : a.g.label < b.g.label ? -1 : a.g.label > b.g.label ? 1 : 0))
      .map(({ g, t }) => ({ id: g.id, label: g.label, kind: g.kind, detail: g.detail, totals: toWireTotals(t) }))
  }
  const group = labelOf({ apiKeyId: '', workspaceId: '', model: '', actorId, product: '' })
  return {
    orgId: org.meta.orgId,
    currency: CURRENCY,
    person: { id: group.id, label: group.label, detail: group.detail, type: actorTypeOf(actors.get(actorId), actorId), deleted: actors.get(actorId)?.deleted ?? false },
    total: toWireTotals(total),
    byProduct: by('product'),
    byModel: by('model'),
    byKey: by('key'),
    dates,
    cost: days.map((t) => toAmount(t.cost)),
    tokens: days.map(tokensOf),
  }
}
