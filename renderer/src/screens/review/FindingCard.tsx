import { useId, useState } from 'react'
import type { Finding } from '../../../../shared/contract'
import { formatDate } from '../../dates'
import type { FindingOutcome } from '../../stores/review-store'

/** Words for a severity. */
export const SEVERITY_LABEL = { high: 'High', medium: 'Medium', low: 'Low' } as const

/**
 * One finding: severity, title, evidence, advice, its fix button and "Accept…" (with a reason).
 * After a fix or an acceptance the card stays where it is and says what happened (a refusal keeps
 * the buttons, so the person can accept instead); it goes at the next "Review again".
 */
export function FindingCard({
  finding,
  outcome,
  onFix,
  onAccept,
}: {
  finding: Finding
  outcome: FindingOutcome | null
  onFix(f: Finding): void
  onAccept(f: Finding, reason: string): Promise<boolean>
}) {
  const [accepting, setAccepting] = useState(false)
  const [reason, setReason] = useState('')
  const titleId = useId()
  const reasonId = useId()
  const { fix } = finding
  const settled = outcome !== null && outcome.outcome !== 'refused'
  return (
    <li
      className={`finding finding-${finding.severity}${settled ? ' finding-settled' : ''}`}
      data-testid="finding"
      data-rule={finding.rule}
      data-finding-id={finding.id}
      data-outcome={outcome?.outcome}
      aria-labelledby={titleId}
    >
      <div className="finding-head">
        <span className={`severity severity-${finding.severity}`}>{SEVERITY_LABEL[finding.severity]}</span>
        <h3 id={titleId}>{finding.title}</h3>
      </div>
      <ul className="finding-evidence" aria-label="Evidence">
        {finding.evidence.map((e, i) => (
          <li key={i}>{e}</li>
        ))}
      </ul>
      <p className="finding-advice">{finding.advice}</p>
      <p role={outcome?.outcome === 'refused' ? 'alert' : 'status'} className={outcome ? `finding-outcome finding-outcome-${outcome.outcome}` : 'finding-outcome'}>
        {outcome && (outcome.outcome === 'fixed' ? `Fixed: ${outcome.message}` : outcome.message)}
      </p>
      {settled ? null : finding.accepted ? (
        <p className="finding-accepted">
          Accepted {formatDate(finding.accepted.at)}: {finding.accepted.reason}
        </p>
      ) : accepting ? (
        <form
          className="finding-accept"
          onSubmit={(e) => {
            e.preventDefault()
            void onAccept(finding, reason.trim()).then((ok) => {
              if (ok) {
                setAccepting(false)
                setReason('')
              }
            })
          }}
        >
          <label htmlFor={reasonId}>Why is this fine as it is?</label>
          <textarea id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={120} required minLength={3} />
          <div className="finding-actions">
            <button type="button" onClick={() => setAccepting(false)}>
              Cancel
            </button>
            <button type="submit" disabled={reason.trim().length < 3}>
              Accept finding
            </button>
          </div>
        </form>
      ) : (
        <div className="finding-actions">
          {fix && fix.kind === 'rotate-key' && <a href="#/rotation">Rotate in Key rotation</a>}
          {fix && fix.kind !== 'rotate-key' && (
            <button type="button" className="danger" aria-label={`${fix.label}: ${finding.title}`} onClick={() => onFix(finding)}>
              {fix.label}
            </button>
          )}
          <button type="button" aria-label={`Accept: ${finding.title}`} onClick={() => setAccepting(true)}>
            Accept…
          </button>
        </div>
      )}
    </li>
  )
}
