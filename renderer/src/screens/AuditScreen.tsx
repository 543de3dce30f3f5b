import { useEffect, useState } from 'react'
import { formatNumber } from '../format'
import { auditCsv, auditJson } from '../../../shared/audit-export'
import { AUDIT_EVENT_NAMES, type AuditEventName } from '../../../shared/audit-event-names'
import type { WireError } from '../../../shared/errors'
import { ErrorMessage } from '../components/ErrorMessage'
import { EmptyState, LoadingState, ScreenHeader } from '../components/States'
import { VirtualTable } from '../components/VirtualTable'
import { downloadText } from '../download'
import { type AuditFilterQuery, EXPORT_MAX_ROWS, collectForExport, useAuditStore } from '../stores/audit-store'
import { useProfilesStore } from '../stores/profiles-store'
import { LoadMore } from '../components/LoadMore'
import { auditColumns } from './audit/audit-columns'
import { SelectOptions } from '../components/SelectOptions'
import { StatusNote } from '../components/StatusNote'
import { FilterBox, useRowFilter } from '../components/FilterBox'
import { auditIds, auditSentence, auditWho } from './audit/audit-sentence'
import type { AuditRow } from '../../../shared/contract'

/** The words a search matches in a row: what happened, who and where, the profile, the event name and the ids it is about. */
function searchText(row: AuditRow): string {
  if (row.kind !== 'entry') return `unreadable ${row.reason} ${row.excerpt}`
  const e = row.entry
  return [auditSentence(e), auditWho(e) ?? '', e.profile ?? '', e.event, ...auditIds(e)].join(' ')
}

const NO_FILTER: AuditFilterQuery = { since: null, profile: null, event: null }

/** The Audit screen: the local audit log newest first, filtered by day, profile and event, paged, exportable as CSV or JSON. */
export function AuditScreen() {
  const { items, nextCursor, loading, error, load, loadMore, reload } = useAuditStore()
  const profiles = useProfilesStore((s) => s.profiles)
  const loadProfiles = useProfilesStore((s) => s.load)
  const [filter, setFilter] = useState<AuditFilterQuery>(NO_FILTER)
  const [exporting, setExporting] = useState(false)
  const [exportError, setExportError] = useState<WireError | null>(null)
  const [exportNote, setExportNote] = useState<string | null>(null)
  useEffect(() => {
    void loadProfiles()
  }, [loadProfiles])
  useEffect(() => {
    void load(filter)
  }, [load, filter])

  const exportAs = async (format: 'csv' | 'json') => {
    setExporting(true)
    setExportError(null)
    const result = await collectForExport(filter)
    setExporting(false)
    if (!result.ok) return setExportError(result.error)
    const { rows, truncated } = result.value
    const name = `keyward-audit${filter.since ? `-since-${filter.since}` : ''}.${format}`
    downloadText(name, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json', format === 'csv' ? auditCsv(rows) : auditJson(rows))
    setExportNote(
      truncated ? `Exported the newest ${formatNumber(EXPORT_MAX_ROWS)} rows to ${name}; for all of them run: keyward audit --${format}` : `Exported ${formatNumber(rows.length)} rows to ${name}.`,
    )
  }
  const set = (change: Partial<AuditFilterQuery>) => setFilter((f) => ({ ...f, ...change }))
  const filtered = filter.since !== null || filter.profile !== null || filter.event !== null
  const search = useRowFilter(items, searchText)
  const unreadable = items.filter((r) => r.kind === 'unreadable').length

  return (
    <section aria-labelledby="audit-title">
      <ScreenHeader id="audit-title" title="Audit log">
        <button type="button" onClick={() => void reload()} disabled={loading}>
          Refresh
        </button>
        <button type="button" onClick={() => void exportAs('csv')} disabled={exporting}>
          Export CSV
        </button>
        <button type="button" onClick={() => void exportAs('json')} disabled={exporting}>
          Export JSON
        </button>
      </ScreenHeader>
      <p>
        Every key Keyward served and refused, and every change to keys, bindings, orgs and rotations, newest first. Who / where names the tool as it says it is, then the process the OS reports and its
        directory. Kept on this computer only; it never holds a key.
      </p>
      <div className="inline-form" role="group" aria-label="Filters">
        <label>
          Since <input type="date" value={filter.since ?? ''} onChange={(e) => set({ since: e.target.value || null })} />
        </label>
        <label>
          Profile{' '}
          <select value={filter.profile ?? ''} onChange={(e) => set({ profile: e.target.value || null })}>
            <option value="">All profiles</option>
            <SelectOptions items={profiles} value={(p) => p.name} />
          </select>
        </label>
        <label>
          Event{' '}
          <select value={filter.event ?? ''} onChange={(e) => set({ event: (e.target.value || null) as AuditEventName | null })}>
            <option value="">All events</option>
            <SelectOptions items={AUDIT_EVENT_NAMES} value={(name) => name} />
          </select>
        </label>
        {filtered && (
          <button type="button" onClick={() => setFilter(NO_FILTER)}>
            Clear filters
          </button>
        )}
      </div>
      <FilterBox what="entries" query={search.query} onQuery={search.setQuery} shown={search.shown.length} total={items.length} />
      {error && <ErrorMessage error={error} onRetry={() => void reload()} />}
      {exportError && <ErrorMessage error={exportError} />}
      <StatusNote>{exportNote}</StatusNote>
      {unreadable > 0 && (
        <p className="callout" data-testid="audit-unreadable-note">
          {unreadable === 1 ? '1 line' : `${unreadable} lines`} of the log could not be read (torn by a crash, or not written by Keyward); they are shown in place, and everything else is listed.
        </p>
      )}
      {loading && items.length === 0 && <LoadingState label="Loading the audit log…" />}
      <VirtualTable
        label="Audit log"
        columns={auditColumns}
        rows={search.shown}
        rowKey={(row) => String(row.offset)}
        empty={
          loading ? null : (
            <EmptyState title={filtered || search.query ? 'No entries match these filters' : 'Nothing logged yet'} testId="audit-empty">
              {filtered || search.query ? 'Clear a filter or the search, or choose an earlier day.' : 'Entries appear here when a tool gets a key or when you change profiles, bindings or orgs.'}
            </EmptyState>
          )
        }
      />
      <LoadMore nextCursor={nextCursor} loading={loading} onMore={() => void loadMore()} />
    </section>
  )
}
