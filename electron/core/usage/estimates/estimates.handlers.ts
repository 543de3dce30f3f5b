import { toAmount } from '../../../../shared/money'
import type { Handlers } from '../../router'
import type { EstimatesMonth } from '../../../../shared/contract/estimates.contract'
import type { EstimatesStore } from './estimates'

/** What the handler needs: the store, which profiles the server has figures for this month, and the clock. */
export interface EstimatesHandlerDeps {
  readonly store: EstimatesStore
  /** Profiles a synced org reports usage for this month: their server figure is shown, not the estimate. */
  readonly serverProfiles: () => Promise<ReadonlySet<string>>
  readonly now?: () => Date
}

/** This month by the host's clock (its local fields, as the status line records days). */
const monthOf = (now: Date): string => `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`

/** Handlers for `estimates.*`. */
export function estimatesHandlers(deps: EstimatesHandlerDeps): Pick<Handlers, 'estimates.month'> {
  return { 'estimates.month': () => thisMonthEstimates(deps) }
}

/** This month's estimates by profile and bound project (what `estimates.month` answers, and the tray shows). */
export async function thisMonthEstimates(deps: EstimatesHandlerDeps): Promise<EstimatesMonth> {
  const month = monthOf((deps.now ?? (() => new Date()))())
  const [months, covered] = await Promise.all([deps.store.months(month, month), deps.serverProfiles().catch(() => new Set<string>())])
  const byProfile = new Map<string, { micro: bigint; sessions: number }>()
  const byProject = new Map<string, { profile: string; micro: bigint; sessions: number }>()
  for (const m of months) {
    for (const entry of [...m.sessions.map((s) => ({ ...s, sessions: 1 })), ...m.folded]) {
      const p = byProfile.get(entry.profile) ?? { micro: 0n, sessions: 0 }
      byProfile.set(entry.profile, { micro: p.micro + entry.micro, sessions: p.sessions + entry.sessions })
      if (entry.project === null) continue
      const key = `${entry.project}\u0000${entry.profile}`
      const d = byProject.get(key) ?? { profile: entry.profile, micro: 0n, sessions: 0 }
      byProject.set(key, { profile: entry.profile, micro: d.micro + entry.micro, sessions: d.sessions + entry.sessions })
    }
  }
  return {
    month,
    source: 'claude-code' as const,
    profiles: [...byProfile].map(([profile, s]) => ({ profile, cost: toAmount(s.micro), sessions: s.sessions, serverCovered: covered.has(profile) })),
    projects: [...byProject].map(([key, s]) => ({ directory: key.split('\u0000')[0]!, profile: s.profile, cost: toAmount(s.micro), sessions: s.sessions, serverCovered: covered.has(s.profile) })),
  }
}
