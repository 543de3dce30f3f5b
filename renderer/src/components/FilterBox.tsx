import { useMemo, useState } from 'react'

/**
 * A search box over the rows already loaded, with how many match ("12 of 45"). Matching is
 * case-insensitive on the words a row shows (`textOf`), every word typed must appear.
 */
export function useRowFilter<T>(rows: readonly T[], textOf: (row: T) => string): { query: string; setQuery: (q: string) => void; shown: readonly T[] } {
  const [query, setQuery] = useState('')
  const shown = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean)
    if (words.length === 0) return rows
    return rows.filter((row) => {
      const text = textOf(row).toLowerCase()
      return words.every((w) => text.includes(w))
    })
  }, [rows, query, textOf])
  return { query, setQuery, shown }
}

/** The box and its count; `what` names the rows ("API keys"), and loading more rows widens the search. */
export function FilterBox({ what, query, onQuery, shown, total }: { what: string; query: string; onQuery: (q: string) => void; shown: number; total: number }) {
  return (
    <div className="filter-box" role="search" aria-label={`Search ${what}`}>
      <label>
        Search <input type="search" value={query} placeholder="Type to filter" onChange={(e) => onQuery(e.target.value)} aria-label={`Search ${what}`} />
      </label>
      <output aria-live="polite" data-testid="filter-count">
        {shown} of {total} {what}
      </output>
    </div>
  )
}
