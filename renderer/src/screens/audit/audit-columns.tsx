import type { AuditEntry, AuditRow } from '../../../../shared/contract'
import type { Column } from '../../components/columns'
import { formatDateTime } from '../../dates'
import { auditIds, auditSentence, auditWho } from './audit-sentence'

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

/**
 * The sentence of an entry, its event name after it (the name the Event filter uses); the tooltip
 * holds the whole sentence and the ids the entry is about, which the sentence shows by name when the entry names them.
 */
function What({ entry }: { entry: AuditEntry }) {
  const text = auditSentence(entry)
  const ids = auditIds(entry)
  return (
    <span title={ids.length > 0 ? `${text}\n(ids: ${ids.join(', ')})` : text}>
      {text} <span className="audit-event">{entry.event}</span>
    </span>
  )
}

/** The Audit table's columns: when, what happened (a sentence per kind of event), who asked and where, and the profile. An unreadable line says so under When, its reason and redacted excerpt under What. */
export const auditColumns: readonly Column<AuditRow>[] = [
  {
    key: 'time',
    header: 'When',
    // Wide enough for the widest en-US medium date and short time ("May 18, 2026, 12:48 AM", 183 px in the
    // build machine's system font; 13rem clipped "Dec 7, 2026, 12:14 AM"): the column never clips a time.
    width: 'minmax(15rem, 0.9fr)',
    cell: (row) => (row.kind === 'entry' ? <time dateTime={row.entry.time}>{formatDateTime(row.entry.time)}</time> : <span className="unreadable-line">Unreadable line {row.line}</span>),
  },
  {
    key: 'what',
    header: 'What',
    width: 'minmax(0, 2.6fr)',
    cell: (row) =>
      row.kind === 'entry' ? (
        <What entry={row.entry} />
      ) : (
        <span title={`${REASONS[row.reason]}: ${row.excerpt}`}>
          {row.reason === 'oversized' ? 'too long' : row.reason} <code>{row.excerpt}</code>
        </span>
      ),
  },
  {
    key: 'who',
    header: 'Who / where',
    width: 'minmax(0, 1.8fr)',
    cell: (row) => {
      const e = entryOf(row)
      return <Clipped text={e ? auditWho(e) : undefined} />
    },
  },
  { key: 'profile', header: 'Profile', width: 'minmax(6.5rem, 0.7fr)', cell: (row) => <Clipped text={entryOf(row)?.profile} /> },
]
