import { addDays, datesOf, startOfLocalDay } from '../../../shared/calendar'
import type { UsageGroup, UsageGroupBy, UsageRange } from '../../../shared/contract/usage.contract'
import type { Attribution } from './attribution'
import { CellSums } from './store/cell-sums'
import type { Totals } from './store/totals'
import { NUMERIC_COUNT } from './usage-row'
import { type UsageView, cellsOfGroups, groupTotals } from './store/usage-view'
import type { GroupLabel } from './usage-groups'
import { cellWireTotals } from './usage-totals'

/** The largest cost a float holds exactly. */
const SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** An hour since the epoch as an ISO instant. */
export const iso = (hour: number): string => new Date(hour * 3_600_000).toISOString()

/** Which group each series of a view falls in, for one grouping: made once per view and grouping. */
interface Grouping {
  readonly cellOf: Int32Array
  readonly names: readonly string[]
  readonly labels: ReadonlyMap<string, GroupLabel>
}

/** What a grouping's labels depend on besides the view: the grouping, and the local profiles and projects keys are attributed to. */
export function groupingKey(by: UsageGroupBy, attribution: Attribution): string {
  return JSON.stringify([by, [...attribution.profileOfKey], [...attribution.projectsOfKey]])
}

/** Groupings per view (a new view comes with each commit, so a cached grouping never outlives its series). */
const groupings = new WeakMap<UsageView, Map<string, Grouping>>()

/** The grouping of a view's series by `label`: kept per view under `cacheKey` (null: worked out again). */
export function groupingOf(index: UsageView, label: (s: number) => GroupLabel, cacheKey: string | null): Grouping {
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
  return ranked(sums, touched, (cell) => labels.get(names[cell]!)!)
}

/** The same breakdown from per-series totals already read (a screen that needs them for more than the rows). */
export function breakdownOf(bySeries: Map<number, Totals>, label: (s: number) => GroupLabel): { total: Totals; groups: UsageGroup[] } {
  const labels = new Map<string, GroupLabel>()
  const grouped = [
    ...groupTotals(bySeries, (s) => {
      const g = label(s)
      labels.set(g.id, g)
      return g.id
    }),
  ]
  const sums = new CellSums(grouped.length)
  grouped.forEach(([, t], cell) => {
    const n = t.numbers
    const plain = t.cost >= -SAFE && t.cost <= SAFE
    sums.add(cell, n[0]!, n[1]!, n[2]!, n[3]!, n[4]!, n[5]!, plain ? Number(t.cost) : 0)
    if (!plain) sums.addCost(cell, t.cost)
  })
  return ranked(sums, new Uint8Array(grouped.length).fill(1), (cell) => labels.get(grouped[cell]![0])!)
}

/**
 * The groups (`touched` cells of `sums`) with any usage, biggest spend first (ties by the exact
 * cost, then by label), and their total. Sorted on the float cost, reading the exact one only
 * where floats tie: no object per group until the rows it returns.
 */
function ranked(sums: CellSums, touched: Uint8Array, labelOf: (cell: number) => GroupLabel): { total: Totals; groups: UsageGroup[] } {
  const n = sums.numbers
  const kept: number[] = []
  const key = new Float64Array(touched.length)
  const all = new CellSums(1)
  for (let cell = 0; cell < touched.length; cell++) {
    if (touched[cell] === 0) continue
    const at = cell * NUMERIC_COUNT
    const cost = sums.approxCost(cell)
    if (cost === 0 && sums.plainCost(cell) && n[at]! + n[at + 1]! + n[at + 2]! + n[at + 3]! + n[at + 4]! === 0 && n[at + 5] === 0) continue
    kept.push(cell)
    // Above 2^53 the exact cost rounded once keeps the order of costs (a float sum of parts may not).
    key[cell] = sums.plainCost(cell) ? cost : Number(sums.costOf(cell))
    all.add(0, n[at]!, n[at + 1]!, n[at + 2]!, n[at + 3]!, n[at + 4]!, n[at + 5]!, sums.plainCost(cell) ? cost : 0)
    if (!sums.plainCost(cell)) all.addCost(0, sums.costOf(cell))
  }
  const labels = kept.map(labelOf)
  const order = kept.map((_, i) => i)
  order.sort((i, j) => {
    const a = kept[i]!
    const b = kept[j]!
    const byFloat = key[b]! - key[a]!
    if (byFloat !== 0) return byFloat
    if (!sums.plainCost(a) || !sums.plainCost(b)) {
      const ca = sums.costOf(a)
      const cb = sums.costOf(b)
      if (ca !== cb) return ca > cb ? -1 : 1
    }
    const la = labels[i]!.label
    const lb = labels[j]!.label
    return la < lb ? -1 : la > lb ? 1 : 0
  })
  const groups = order.map((i): UsageGroup => {
    const g = labels[i]!
    return { id: g.id, label: g.label, kind: g.kind, detail: g.detail, totals: cellWireTotals(sums, kept[i]!) }
  })
  return { total: all.totalsOf(0), groups }
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
