import { useState } from 'react'
import type { RangePreset } from '../../../../shared/calendar'
import { type RangeChoice } from '../../stores/usage-store'

const PRESETS: Array<{ id: RangePreset; label: string }> = [
  { id: '7d', label: '7 days' },
  { id: '30d', label: '30 days' },
  { id: '90d', label: '90 days' },
  { id: 'month', label: 'This month' },
]

/** The date range picker: presets ending today, or custom dates (both in the user's time zone). */
export function RangePicker({ choice, from, to, onPreset, onCustom }: { choice: RangeChoice; from: string; to: string; onPreset(p: RangePreset): void; onCustom(from: string, to: string): void }) {
  const [draft, setDraft] = useState({ from, to })
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
