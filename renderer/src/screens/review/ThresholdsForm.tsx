import { useState } from 'react'
import type { ReviewThresholds } from '../../../../shared/contract'
import { parseTypedDollars } from '../../../../shared/money'
import { centsToTyped } from '../../money'

/** The review's thresholds, editable; the rotation age is shown and changed in Key rotation. */
export function ThresholdsForm({ thresholds, onSave }: { thresholds: ReviewThresholds; onSave(change: { unusedDays: number; maxAdmins: number; suggestedLimitCents: string }): Promise<boolean> }) {
  const [unused, setUnused] = useState(String(thresholds.unusedDays))
  const [admins, setAdmins] = useState(String(thresholds.maxAdmins))
  const [limit, setLimit] = useState(centsToTyped(thresholds.suggestedLimitCents))
  const [problem, setProblem] = useState<string | null>(null)
  return (
    <form
      className="panel review-thresholds"
      aria-label="Thresholds"
      onSubmit={(e) => {
        e.preventDefault()
        const unusedDays = Number(unused)
        const maxAdmins = Number(admins)
        const suggestedLimit = parseTypedDollars(limit)
        if (!Number.isInteger(unusedDays) || unusedDays < 1 || unusedDays > 3650) return setProblem('Unused days is a whole number from 1 to 3650.')
        if (!Number.isInteger(maxAdmins) || maxAdmins < 1 || maxAdmins > 1000) return setProblem('Most admins is a whole number from 1 to 1000.')
        if (!suggestedLimit.ok) return setProblem(`Suggested limit: ${suggestedLimit.message}`)
        setProblem(null)
        void onSave({ unusedDays, maxAdmins, suggestedLimitCents: suggestedLimit.cents })
      }}
    >
      <h2>Thresholds</h2>
      <div className="inline-form">
        <label>
          Unused after (days) <input type="number" min={1} max={3650} value={unused} onChange={(e) => setUnused(e.target.value)} />
        </label>
        <label>
          Most admins and owners <input type="number" min={1} max={1000} value={admins} onChange={(e) => setAdmins(e.target.value)} />
        </label>
        <label>
          Suggested monthly workspace limit ($) <input inputMode="decimal" value={limit} onChange={(e) => setLimit(e.target.value)} />
        </label>
        <button type="submit">Save thresholds</button>
      </div>
      <p className="muted">Keys older than {thresholds.rotationAgeDays} days are due for rotation; change that age in Key rotation.</p>
      {problem && (
        <p role="alert" className="callout callout-error">
          {problem}
        </p>
      )}
    </form>
  )
}
