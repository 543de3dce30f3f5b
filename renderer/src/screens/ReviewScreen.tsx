import { useEffect, useRef, useState } from 'react'
import type { Finding, OrgSummary } from '../../../shared/contract'
import { LoadingState } from '../components/States'
import { useReviewStore } from '../stores/review-store'
import { AdminError } from '../components/AdminError'
import { sentence } from '../format'
import { orgScreen } from '../components/OrgScreen'
import { useActionState } from '../components/use-action-state'
import { FindingCard } from './review/FindingCard'
import { parseTypedDollars } from '../../../shared/money'
import { centsToTyped } from '../money'
import { ThresholdsForm } from './review/ThresholdsForm'
import './review/review.css'
import { StatusNote } from '../components/StatusNote'

/** The Review screen: the org checked against best practices, each finding with its evidence, a confirmed fix, or acceptance with a reason. */
export const ReviewScreen = orgScreen('review-title', 'Review', Review)

function Review({ org }: { org: OrgSummary }) {
  const { report, loading, error, outcomes, load, fix, refuse, accept, setThresholds } = useReviewStore()
  const { actionError, setActionError, setConfirm, confirmDialog } = useActionState()
  const [message, setMessage] = useState<string | null>(null)
  const amount = useRef('')
  useEffect(() => {
    void load(org.id)
  }, [load, org.id])

  const askFix = (f: Finding) => {
    const action = f.fix!
    amount.current = action.suggestedCents ? centsToTyped(action.suggestedCents) : ''
    setConfirm({
      title: `${action.label}?`,
      body:
        action.kind === 'set-spend-limit' ? (
          <>
            <p>Set a monthly spend limit on this workspace; Anthropic refuses requests over it.</p>
            <label>
              Monthly limit ($) <input inputMode="decimal" defaultValue={amount.current} onChange={(e) => (amount.current = e.target.value)} aria-label="Monthly limit in dollars" />
            </label>
          </>
        ) : (
          <p>{action.description}</p>
        ),
      confirmLabel: action.label,
      run: async () => {
        let cents: string | undefined
        if (action.kind === 'set-spend-limit') {
          const typed = parseTypedDollars(amount.current)
          if (!typed.ok) return refuse(f.id, `Not fixed. Monthly limit: ${typed.message}`)
          cents = typed.cents
        }
        await fix(org.id, f.id, cents)
      },
    })
  }

  // A finding fixed or accepted since the last read keeps its place (showing what happened) until "Review again".
  const open = report?.findings.filter((f) => f.accepted === null || outcomes[f.id] !== undefined) ?? []
  const accepted = report?.findings.filter((f) => f.accepted !== null && outcomes[f.id] === undefined) ?? []
  const stillOpen = open.filter((f) => outcomes[f.id] === undefined || outcomes[f.id]!.outcome === 'refused')
  const count = (s: Finding['severity']) => stillOpen.filter((f) => f.severity === s).length
  return (
    <>
      <div className="review-toolbar">
        <button type="button" onClick={() => void load(org.id)} disabled={loading}>
          Review again
        </button>
      </div>
      <AdminError error={error} />
      <AdminError error={actionError} />
      <StatusNote>{message}</StatusNote>
      {!report && loading && <LoadingState label="Reviewing the org…" />}
      {report && (
        <>
          <p data-testid="review-summary">
            {stillOpen.length === 0
              ? 'No open findings.'
              : `${stillOpen.length} open ${stillOpen.length === 1 ? 'finding' : 'findings'}: ${count('high')} high, ${count('medium')} medium, ${count('low')} low.`}{' '}
            {accepted.length > 0 && `${accepted.length} accepted.`}
          </p>
          {report.notes.map((n) => (
            <p key={n} className="callout">
              {sentence(n)}
            </p>
          ))}
          {open.length > 0 ? (
            <ul className="findings" aria-label="Findings">
              {open.map((f) => (
                <FindingCard
                  key={f.id}
                  finding={f}
                  outcome={outcomes[f.id] ?? null}
                  onFix={askFix}
                  onAccept={async (finding, reason) => {
                    const err = await accept(org.id, finding.id, reason)
                    if (err) refuse(finding.id, `Not accepted: ${err.message}`)
                    return err === null
                  }}
                />
              ))}
            </ul>
          ) : (
            <p className="empty">Nothing to fix: the org meets every check.</p>
          )}
          {accepted.length > 0 && (
            <details className="panel">
              <summary>Accepted findings ({accepted.length})</summary>
              <ul className="findings" aria-label="Accepted findings">
                {accepted.map((f) => (
                  <FindingCard key={f.id} finding={f} outcome={null} onFix={askFix} onAccept={async () => false} />
                ))}
              </ul>
            </details>
          )}
          <ThresholdsForm
            key={JSON.stringify(report.thresholds)}
            thresholds={report.thresholds}
            onSave={async (change) => {
              const err = await setThresholds(org.id, change)
              setActionError(err)
              if (!err) setMessage('Thresholds saved; the review uses them now.')
              return err === null
            }}
          />
        </>
      )}
      {confirmDialog}
    </>
  )
}
