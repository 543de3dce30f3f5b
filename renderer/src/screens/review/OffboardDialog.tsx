import { useEffect, useId, useRef, useState } from 'react'
import type { OffboardPlan, OffboardStep } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { DataTable } from '../../components/DataTable'
import { offboardCalls } from '../../stores/review-store'
import { AdminError } from '../../components/AdminError'
import './review.css'
import { roleLabel, shortDate } from '../admin/admin-format'
import { sentence } from '../../format'

const STEP_LABEL: Record<OffboardStep['status'], string> = {
  pending: 'To do',
  done: 'Done',
  'already-done': 'Already done',
  failed: 'Failed',
  'not-run': 'Not run',
  'in-console': 'In the Console',
}

/**
 * Offboarding one person: what they have (keys with last use, workspace memberships) and the
 * steps, then the outcome of each step. Nothing changes until "Offboard" is pressed; after a
 * partial failure, "Try the remaining steps" runs again, which does only what is not yet done.
 * For someone the Admin API cannot remove (an admin, an owner), the dialog says so and what to do
 * in the Console before anything happens, and offers only "Deactivate keys only", named as such.
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
    const result = await offboardCalls.run(orgId, email, plan?.inConsole !== null)
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
                  {s.error ? `. ${sentence(s.error)}` : ''}
                  {s.instead ? `. Instead, ${s.instead}.` : ''}
                </li>
              ))}
            </ol>
            {ran && (
              <p role="status" className="callout">
                {outcome(plan)}
              </p>
            )}
            {!ran && plan.inConsole && (
              <div className="callout offboard-console" data-testid="offboard-in-console">
                <p>
                  Keyward cannot remove {plan.user.name}: {plan.inConsole.reason}. Instead, {plan.inConsole.instead}.
                </p>
                <p>
                  You can deactivate their keys here now. {plan.user.name} keeps full access to {plan.orgName} until removed in the Console.
                </p>
              </div>
            )}
            {!ran && !plan.inConsole && <p>Their active keys are deactivated first, then they are removed from the org (ending their workspace memberships). Each step is audited.</p>}
          </>
        )}
        <div className="dialog-actions">
          <button type="button" ref={cancelRef} onClick={() => onClose(ran)}>
            {ran ? 'Close' : 'Cancel'}
          </button>
          {plan?.user && canRun(plan, ran) && (
            <button type="button" className="danger" disabled={busy} onClick={() => void run()}>
              {ran ? 'Try the remaining steps' : plan.inConsole ? 'Deactivate keys only' : `Offboard ${plan.user.name}`}
            </button>
          )}
        </div>
      </div>
    </div>
  )
}

/** What a run did, in one sentence: offboarded, keys only (and what is left to do), or failed steps. */
function outcome(plan: OffboardPlan): string {
  const name = plan.user?.name ?? plan.email
  if (plan.complete) return `${name} is offboarded.`
  if (plan.steps.some((s) => s.status === 'failed')) return 'Some steps failed; each says why. Once that is fixed, try the remaining steps: only what is not yet done runs again.'
  if (plan.inConsole) return `Their keys are deactivated. ${name} is still in ${plan.orgName}: ${plan.inConsole.instead}.`
  return `Their keys are deactivated. ${name} is still in ${plan.orgName}.`
}

/** Whether there is something to run: before a run, unless it is keys only and no key is active; after one, only its failed steps. */
function canRun(plan: OffboardPlan, ran: boolean): boolean {
  if (plan.complete) return false
  if (ran) return plan.steps.some((s) => s.status === 'failed')
  return plan.inConsole === null || plan.keys.some((k) => k.status === 'active')
}
