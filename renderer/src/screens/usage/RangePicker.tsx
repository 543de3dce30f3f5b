import { useState } from 'react'
import type { RangePreset } from '../../../../shared/calendar'
import { type RangeChoice } from '../../stores/usage-store'

const PRESETS: Array<{ id: RangePreset; label: string }> = [
  { id: '7d', label: '7 days' },
  { id: '30d', label: '30 days' },
  { id: '90d', label: '90 days' },
  { id: 'month', label: 'This month' },
]

/**
 * The date range picker: presets ending today, or custom dates (both in the user's time zone). From
 * and To always show the range in force: a preset button moves them too, and typed dates are kept
 * only until the range changes.
 */
export function RangePicker({ choice, from, to, onPreset, onCustom }: { choice: RangeChoice; from: string; to: string; onPreset(p: RangePreset): void; onCustom(from: string, to: string): void }) {
  const [draft, setDraft] = useState({ from, to })
  const [shown, setShown] = useState({ from, to })
  if (shown.from !== from || shown.to !== to) {
    setShown({ from, to })
    setDraft({ from, to })
  }
  return (
    <div className="usage-toolbar" role="group" aria-label="Date range">
      {PRESETS.map((p) => (
        <button key={p.id} type="button" aria-pressed={choice === p.id} onClick={() => onPreset(p.id)}>
          {p.label}
        </button>
      ))}
      <label>
        From <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
      </label>
      <label>
        To <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
      </label>
      <button type="button" aria-pressed={choice === 'custom'} disabled={!draft.from || !draft.to} onClick={() => onCustom(draft.from, draft.to)}>
        Apply dates
      </button>
    </div>
  )
}
