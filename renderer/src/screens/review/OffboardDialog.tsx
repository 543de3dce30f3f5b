import { useEffect, useId, useRef, useState } from 'react'
import type { OffboardPlan, OffboardStep } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { DataTable } from '../../components/DataTable'
import { offboardCalls } from '../../stores/review-store'
import { AdminError } from '../../components/AdminError'
import './review.css'
import { roleLabel, shortDate } from '../admin/admin-format'

const STEP_LABEL: Record<OffboardStep['status'], string> = { pending: 'To do', done: 'Done', 'already-done': 'Already done', failed: 'Failed', 'not-run': 'Not run' }

/**
 * Offboarding one person: what they have (keys with last use, workspace memberships) and the
 * steps, then the outcome of each step. Nothing changes until "Offboard" is pressed; after a
 * partial failure, "Try the remaining steps" runs again, which does only what is not yet done.
 */
export function OffboardDialog({ orgId, email, onClose }: { orgId: string; email: string; onClose(changed: boolean): void }) {
  const [plan, setPlan] = useState<OffboardPlan | null>(null)
  const [error, setError] = useState<WireError | null>(null)
  const [busy, setBusy] = useState(false)
  const [ran, setRan] = useState(false)
  const titleId = useId()
  const cancelRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    void offboardCalls.plan(orgId, email).then((r) => (r.ok ? setPlan(r.value) : setError(r.error)))
  }, [orgId, email])
  useEffect(() => {
    if (plan) cancelRef.current?.focus()
  }, [plan])

  const run = async () => {
    setBusy(true)
    const result = await offboardCalls.run(orgId, email)
    setBusy(false)
    setRan(true)
    if (result.ok) setPlan(result.value)
    else setError(result.error)
  }
  const name = plan?.user?.name ?? email
  return (
    <div className="dialog-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="dialog offboard-dialog" onKeyDown={(e) => e.key === 'Escape' && onClose(ran)}>
        <h2 id={titleId}>Offboard {name}</h2>
        <AdminError error={error} />
        {!plan && !error && <p>Reading what {email} has…</p>}
        {plan && !plan.user && (
          <p>
            {email} is not a member of {plan.orgName}: nothing to do.
          </p>
        )}
        {plan?.user && (
          <>
            <p>
              {plan.user.name} ({email}, {roleLabel(plan.user.role)}) in {plan.orgName}.
            </p>
            <h3>Keys they created ({plan.keys.length})</h3>
            {plan.keys.length === 0 ? (
              <p className="empty">No keys.</p>
            ) : (
              <DataTable
                aria-label="Keys they created"
                rows={plan.keys}
                rowKey={(k) => k.id}
                columns={[
                  { key: 'name', header: 'Name', cell: (k) => k.name },
                  { key: 'status', header: 'Status', cell: (k) => k.status },
                  { key: 'workspace', header: 'Workspace', cell: (k) => k.workspace },
                  { key: 'used', header: 'Last used', cell: (k) => (k.lastUsedAt ? shortDate(k.lastUsedAt) : k.lastUseKnown ? 'Not in the usage data' : 'Unknown (usage not synced)') },
                ]}
              />
            )}
            <h3>Workspace memberships ({plan.memberships.length})</h3>
            {plan.memberships.length === 0 ? (
              <p className="empty">No workspace memberships.</p>
            ) : (
              <ul aria-label="Workspace memberships">
                {plan.memberships.map((m) => (
                  <li key={m.workspaceId}>
                    {m.workspace} ({roleLabel(m.role)})
                  </li>
                ))}
              </ul>
            )}
            <h3>Steps</h3>
            <ol className="offboard-steps" aria-label="Offboarding steps">
              {plan.steps.map((s) => (
                <li key={s.id} data-status={s.status} className={s.status === 'failed' ? 'step-failed' : undefined}>
                  {STEP_LABEL[s.status]}: {s.description}
                  {s.error ? `. ${s.error}` : ''}
                </li>
              ))}
            </ol>
            {ran && (
              <p role="status" className="callout">
                {plan.complete ? `${plan.user.name} is offboarded.` : 'Some steps failed. Fix what they say, then try the remaining steps: only what is not yet done runs again.'}
              </p>
            )}
            {!ran && <p>Their active keys are deactivated first, then they are removed from the org (ending their workspace memberships). Each step is audited.</p>}
          </>
        )}
        <div className="dialog-actions">
          <button type="button" ref={cancelRef} onClick={() => onClose(ran)}>
            {ran ? 'Close' : 'Cancel'}
          </button>
          {plan?.user && !plan.complete && (
            <button type="button" className="danger" disabled={busy} onClick={() => void run()}>
              {ran ? 'Try the remaining steps' : `Offboard ${plan.user.name}`}
            </button>
          )}
        </div>
      </div>
    </div>
  )
}
