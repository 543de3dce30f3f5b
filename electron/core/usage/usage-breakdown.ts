import { addDays, datesOf, startOfLocalDay } from '../../../shared/calendar'
import type { UsageGroup, UsageRange } from '../../../shared/contract/usage.contract'
import { type Totals, addTotals, emptyTotals } from './store/totals'
import { type UsageView, cellsOfGroups, groupTotals } from './store/usage-view'
import type { GroupLabel } from './usage-groups'
import { toWireTotals, tokensOf } from './usage-totals'

/** An hour since the epoch as an ISO instant. */
export const iso = (hour: number): string => new Date(hour * 3_600_000).toISOString()

/** Totals per group over snapped hours, groups without any usage left out, biggest spend first. */
export function breakdown(
  org: { index: UsageView },
  fromHour: number,
  toHour: number,
  label: (s: number) => GroupLabel,
  only: readonly number[] | null = null,
): { total: Totals; groups: UsageGroup[] } {
  // Series are summed straight into their group's cell: no object per series.
  const labels = new Map<string, GroupLabel>()
  const names: string[] = []
  const cellOf = cellsOfGroups(
    org.index.series.length,
    (s) => {
      const g = label(s)
      labels.set(g.id, g)
      return g.id
    },
    names,
  )
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
  const kept: Array<{ g: GroupLabel; t: Totals }> = []
  for (const { g, t } of sums) {
    if (t.cost === 0n && tokensOf(t) === 0 && (t.numbers[5] ?? 0) === 0) continue
    addTotals(total, t)
    kept.push({ g, t })
  }
  // Sort on the exact bigint before anything becomes a string.
  kept.sort((a, b) => (a.t.cost > b.t.cost ? -1 : a.t.cost < b.t.cost ? 1 : a.g.label < b.g.label ? -1 : a.g.label > b.g.label ? 1 : 0))
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
