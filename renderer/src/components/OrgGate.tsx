import { type ReactNode, useEffect } from 'react'
import type { OrgSummary } from '../../../shared/contract'
import { LoadingState } from './States'
import { useOrgsStore } from '../stores/orgs-store'
import { AdminError } from './AdminError'
import './org-gate.css'
import { SelectOptions } from './SelectOptions'

/**
 * Wraps an admin screen: loads the orgs, offers the demo org when there is none, shows a picker
 * when there are several, and renders the screen for the selected org.
 */
export function OrgGate({ children }: { children: (org: OrgSummary) => ReactNode }) {
  const { orgs, selectedId, loaded, loading, error, load, select, addDemo } = useOrgsStore()
  useEffect(() => {
    void load()
  }, [load])
  const org = orgs.find((o) => o.id === selectedId) ?? null
  if (!loaded) return <LoadingState label="Loading organizations…" />
  return (
    <>
      <AdminError error={error} />
      {orgs.length === 0 ? (
        <div className="empty" data-testid="orgs-empty">
          <p>
            No org yet. Add one with an Admin key: <code>keyward add NAME --admin</code>, then <code>keyward orgs add NAME</code>. Or look around a seeded demo org first.
          </p>
          <button type="button" onClick={() => void addDemo()} disabled={loading}>
            Try the demo org
          </button>
        </div>
      ) : (
        orgs.length > 1 && (
          <label className="org-picker">
            Org{' '}
            <select value={selectedId ?? ''} onChange={(e) => select(e.target.value)}>
              <SelectOptions items={orgs} value={(o) => o.id} label={(o) => o.name} />
            </select>
          </label>
        )
      )}
      {org && children(org)}
    </>
  )
}
