import type { AuditEntry, AuditRow } from '../../../../shared/contract'
import type { Column } from '../../components/VirtualTable'
import { formatDateTime } from '../../format'

/** A cell that may be cut off by the column: the whole value is its tooltip. */
function Clipped({ text }: { text: string | undefined }) {
  return text ? <span title={text}>{text}</span> : <span className="cell-none">—</span>
}

function entryOf(row: AuditRow): AuditEntry | null {
  return row.kind === 'entry' ? row.entry : null
}

function callerOf(e: AuditEntry): string | undefined {
  if (e.executable === undefined && e.pid === undefined) return undefined
  return `${e.executable ?? 'unknown executable'}${e.pid === undefined ? '' : ` (pid ${e.pid})`}${e.processDirectory ? ` in ${e.processDirectory}` : ''}`
}

/** The Audit table's columns; an unreadable line says so in Event and shows its redacted excerpt under Directory. */
export const auditColumns: readonly Column<AuditRow>[] = [
  {
    key: 'time',
    header: 'Time',
    width: 'minmax(8.5rem, 1.1fr)',
    cell: (row) => (row.kind === 'entry' ? <time dateTime={row.entry.time}>{formatDateTime(row.entry.time)}</time> : `line ${row.line}`),
  },
  {
    key: 'event',
    header: 'Event',
    width: 'minmax(6rem, 1fr)',
    cell: (row) =>
      row.kind === 'entry' ? (
        <Clipped text={row.entry.event} />
      ) : (
        <span className="unreadable-line" title={`Unreadable line ${row.line}: ${row.reason === 'torn' ? 'not JSON (torn by a crash?)' : row.reason === 'foreign' ? 'not an audit entry' : 'far too long for an entry'}`}>
          Unreadable line {row.line}
        </span>
      ),
  },
  { key: 'profile', header: 'Profile', width: 'minmax(0, 0.8fr)', cell: (row) => <Clipped text={entryOf(row)?.profile} /> },
  {
    key: 'directory',
    header: 'Directory',
    width: 'minmax(0, 1.6fr)',
    cell: (row) =>
      row.kind === 'entry' ? (
        <Clipped text={row.entry.directory ?? row.entry.detail} />
      ) : (
        <code title={row.excerpt}>{row.excerpt}</code>
      ),
  },
  { key: 'agent', header: 'Tool (claimed)', width: 'minmax(0, 1fr)', cell: (row) => <Clipped text={entryOf(row)?.agent} /> },
  {
    key: 'caller',
    header: 'Caller (from the OS)',
    width: 'minmax(0, 1.4fr)',
    cell: (row) => {
      const e = entryOf(row)
      return <Clipped text={e ? callerOf(e) : undefined} />
    },
  },
]
