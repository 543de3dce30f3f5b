import { useEffect } from 'react'
import { showMoney } from '../money'
import { useEstimatesStore } from '../stores/estimates-store'

/** The words every estimate is shown with: never a bare figure that could pass for the server's. */
export const estimateText = (cost: string): string => `≈ ${showMoney(cost, 'USD')} this month (Claude Code's estimate)`

/**
 * Claude Code's own estimates of this month's sessions, for the profiles (or bound projects) the
 * server has no figures for: a key in no synced org, held without an Admin key. A profile a synced
 * org covers is left out (its server figure is the one shown); nothing here is added to a server
 * total. Renders nothing when there is nothing to estimate.
 */
export function ClaudeCodeEstimates({ by }: { readonly by: 'profile' | 'project' }) {
  const { month, load } = useEstimatesStore()
  useEffect(() => {
    void load()
  }, [load])
  const rows = (by === 'profile' ? (month?.profiles ?? []).map((p) => ({ id: p.profile, ...p })) : (month?.projects ?? []).map((p) => ({ id: p.directory, ...p }))).filter((r) => !r.serverCovered)
  if (rows.length === 0) return null
  const title = by === 'profile' ? 'Spend estimates for keys in no synced org' : 'Spend estimates for projects whose key is in no synced org'
  return (
    <section className="estimates" aria-label={title} data-testid={`estimates-${by}`}>
      <h2>{title}</h2>
      <p className="muted">
        What Claude Code estimated its sessions cost, as its status line (<code>keyward statusline</code>) recorded them. Not billed figures, and never added to synced usage; an org synced with an
        Admin key shows the real spend instead.
      </p>
      <ul>
        {rows.map((r) => (
          <li key={r.id}>
            {by === 'profile' ? <strong>{r.id}</strong> : <code>{r.id}</code>}: {estimateText(r.cost)}
            {r.sessions > 0 && (
              <span className="muted">
                {' '}
                · {r.sessions} session{r.sessions === 1 ? '' : 's'}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
