import { addDays, datesOf, startOfLocalDay } from '../../../shared/calendar'
import type { UsageGroup, UsageRange } from '../../../shared/contract/usage.contract'
import { type Totals, addTotals, emptyTotals } from './store/totals'
import { type UsageView, cellsOfGroups, groupTotals } from './store/usage-view'
import type { GroupLabel } from './usage-groups'
import { toWireTotals, tokensOf } from './usage-totals'

/** An hour since the epoch as an ISO instant. */
export const iso = (hour: number): string => new Date(hour * 3_600_000).toISOString()

/** Which group each series of a view falls in, for one grouping: made once per view and grouping. */
interface Grouping {
  readonly cellOf: Int32Array
  readonly names: readonly string[]
  readonly labels: ReadonlyMap<string, GroupLabel>
}

/** Groupings per view (a new view comes with each commit, so a cached grouping never outlives its series). */
const groupings = new WeakMap<UsageView, Map<string, Grouping>>()

function groupingOf(index: UsageView, label: (s: number) => GroupLabel, cacheKey: string | null): Grouping {
  const cached = cacheKey === null ? undefined : groupings.get(index)?.get(cacheKey)
  if (cached) return cached
  const labels = new Map<string, GroupLabel>()
  const names: string[] = []
  const cellOf = cellsOfGroups(
    index.series.length,
    (s) => {
      const g = label(s)
      labels.set(g.id, g)
      return g.id
    },
    names,
  )
  const grouping = { cellOf, names, labels }
  if (cacheKey !== null) {
    let byKey = groupings.get(index)
    if (!byKey) groupings.set(index, (byKey = new Map()))
    byKey.set(cacheKey, grouping)
  }
  return grouping
}

/**
 * Totals per group over snapped hours, groups without any usage left out, biggest spend first.
 * `cacheKey` names the grouping (what `label` depends on beyond the series) so the next query
 * on the same view reuses it; null works it out again.
 */
export function breakdown(
  org: { index: UsageView },
  fromHour: number,
  toHour: number,
  label: (s: number) => GroupLabel,
  only: readonly number[] | null = null,
  cacheKey: string | null = null,
): { total: Totals; groups: UsageGroup[] } {
  // Series are summed straight into their group's cell: no object per series.
  const { cellOf, names, labels } = groupingOf(org.index, label, cacheKey)
  const { sums, touched } = org.index.sumsInto(fromHour, toHour, only, cellOf, names.length)
  return ranked(names.flatMap((id, cell) => (touched[cell] === 1 ? [{ g: labels.get(id)!, t: sums.totalsOf(cell) }] : [])))
}

/** The same breakdown from per-series totals already read (a screen that needs them for more than the rows). */
export function breakdownOf(bySeries: Map<number, Totals>, label: (s: number) => GroupLabel): { total: Totals; groups: UsageGroup[] } {
  const labels = new Map<string, GroupLabel>()
  const sums = groupTotals(bySeries, (s) => {
    const g = label(s)
    labels.set(g.id, g)
    return g.id
  })
  return ranked([...sums].map(([id, t]) => ({ g: labels.get(id)!, t })))
}

/** Groups with any usage, biggest spend first (ties by label), and their total. */
function ranked(sums: ReadonlyArray<{ g: GroupLabel; t: Totals }>): { total: Totals; groups: UsageGroup[] } {
  const total = emptyTotals()
  const kept: Array<{ g: GroupLabel; t: Totals; key: number }> = []
  for (const { g, t } of sums) {
    if (t.cost === 0n && tokensOf(t) === 0 && (t.numbers[5] ?? 0) === 0) continue
    addTotals(total, t)
    kept.push({ g, t, key: Number(t.cost) })
  }
  // Biggest spend first: by the cost as a float, and on the exact bigint where floats tie, before anything becomes a string.
  kept.sort((a, b) => b.key - a.key || (a.t.cost > b.t.cost ? -1 : a.t.cost < b.t.cost ? 1 : a.g.label < b.g.label ? -1 : a.g.label > b.g.label ? 1 : 0))
  const groups = kept.map(({ g, t }): UsageGroup => ({ id: g.id, label: g.label, kind: g.kind, detail: g.detail, totals: toWireTotals(t) }))
  return { total, groups }
}

/** Local-day boundaries snapped to the cache's resolution: bucket i is [edges[i], edges[i+1]). */
export function dayEdges(org: { index: UsageView }, range: UsageRange): { dates: string[]; edges: number[] } {
  const dates = datesOf(range)
  const edges = [...dates, addDays(range.to, 1)].map((d) => {
    const { fromHour } = org.index.cover(startOfLocalDay(d, range.timeZone), startOfLocalDay(d, range.timeZone))
    return fromHour
  })
  return { dates, edges }
}
