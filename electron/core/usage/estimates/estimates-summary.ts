import { toAmount } from '../../../../shared/money'
import type { MonthEstimates } from './estimates'

/** How estimates are grouped: by the profile the session's directory got, or by its bound project. */
export type EstimatesGroupBy = 'profile' | 'project'

/** The id of the group of sessions with no bound project (the default profile applied). */
export const NO_PROJECT = '(no project: default profile)'

/** The summed estimates, in the shape of `keyward usage --json` where they overlap (groups[].id, groups[].totals.cost in dollars). */
export interface EstimatesSummary {
  readonly estimated: true
  readonly source: 'claude-code'
  readonly range: { readonly from: string; readonly to: string }
  readonly currency: 'USD'
  readonly groupBy: EstimatesGroupBy
  readonly groups: ReadonlyArray<{ readonly id: string; readonly label: string; readonly totals: { readonly cost: string; readonly sessions: number } }>
  readonly total: { readonly cost: string; readonly sessions: number }
}

/** Adds up the sessions and folded totals of `months` whose day is in [from, to] (YYYY-MM-DD), by profile or project, largest first. */
export function sumEstimates(months: readonly MonthEstimates[], from: string, to: string, by: EstimatesGroupBy): EstimatesSummary {
  const sums = new Map<string, { micro: bigint; sessions: number }>()
  let micro = 0n
  let sessions = 0
  const add = (entry: { day: string; profile: string; project: string | null; micro: bigint }, count: number): void => {
    if (entry.day < from || entry.day > to) return
    const id = by === 'profile' ? entry.profile : (entry.project ?? NO_PROJECT)
    const sum = sums.get(id) ?? { micro: 0n, sessions: 0 }
    sums.set(id, { micro: sum.micro + entry.micro, sessions: sum.sessions + count })
    micro += entry.micro
    sessions += count
  }
  for (const month of months) {
    for (const s of month.sessions) add(s, 1)
    for (const f of month.folded) add(f, f.sessions)
  }
  const groups = [...sums]
    .sort(([a, x], [b, y]) => (y.micro > x.micro ? 1 : y.micro < x.micro ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([id, sum]) => ({ id, label: id, totals: { cost: toAmount(sum.micro), sessions: sum.sessions } }))
  return { estimated: true, source: 'claude-code', range: { from, to }, currency: 'USD', groupBy: by, groups, total: { cost: toAmount(micro), sessions } }
}
