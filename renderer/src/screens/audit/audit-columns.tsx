import type { AuditEntry, AuditRow } from '../../../../shared/contract'
import type { Column } from '../../components/columns'
import { formatDateTime } from '../../format'

/** A cell that may be cut off by the column: the whole value is its tooltip. */
function Clipped({ text }: { text: string | undefined }) {
  return text ? <span title={text}>{text}</span> : <span className="cell-none">—</span>
}

/** What each reason means, for the tooltip. */
const REASONS: Record<'torn' | 'foreign' | 'oversized', string> = {
  torn: 'Not JSON: cut short, most likely by a crash while it was written',
  foreign: 'JSON, but not an audit entry: not written by Keyward',
  oversized: 'Far longer than any audit entry: not written by Keyward',
}

function entryOf(row: AuditRow): AuditEntry | null {
  return row.kind === 'entry' ? row.entry : null
}

function callerOf(e: AuditEntry): string | undefined {
  if (e.executable === undefined && e.pid === undefined) return undefined
  return `${e.executable ?? 'unknown executable'}${e.pid === undefined ? '' : ` (pid ${e.pid})`}${e.processDirectory ? ` in ${e.processDirectory}` : ''}`
}

/** The Audit table's columns; an unreadable line says so in Time, its reason in Event, and its redacted excerpt under Directory. */
export const auditColumns: readonly Column<AuditRow>[] = [
  {
    key: 'time',
    header: 'Time',
    width: 'minmax(14.5rem, 1.2fr)',
    cell: (row) => (row.kind === 'entry' ? <time dateTime={row.entry.time}>{formatDateTime(row.entry.time)}</time> : <span className="unreadable-line">Unreadable line {row.line}</span>),
  },
  {
    key: 'event',
    header: 'Event',
    width: 'minmax(10rem, 1fr)',
    cell: (row) => (row.kind === 'entry' ? <Clipped text={row.entry.event} /> : <span title={REASONS[row.reason]}>{row.reason === 'oversized' ? 'too long' : row.reason}</span>),
  },
  { key: 'profile', header: 'Profile', width: 'minmax(0, 0.8fr)', cell: (row) => <Clipped text={entryOf(row)?.profile} /> },
  {
    key: 'directory',
    header: 'Directory',
    width: 'minmax(0, 1.6fr)',
    cell: (row) => (row.kind === 'entry' ? <Clipped text={row.entry.directory ?? row.entry.detail} /> : <code title={row.excerpt}>{row.excerpt}</code>),
  },
  { key: 'agent', header: 'Tool', width: 'minmax(0, 1fr)', cell: (row) => <Clipped text={entryOf(row)?.agent} /> },
  {
    key: 'caller',
    header: 'Caller',
    width: 'minmax(0, 1.4fr)',
    cell: (row) => {
      const e = entryOf(row)
      return <Clipped text={e ? callerOf(e) : undefined} />
    },
  },
]
