import type { AuditRow } from './contract/audit.contract'
import { toCsv } from './csv'

/**
 * The CSV columns of an audit export, in order; `targetKind`, `targetId` and `targetName` say what an
 * admin, budget, channel or Review change was about (its name as the change knew it). An unreadable
 * line fills `event`, `line` and `detail` (its excerpt).
 */
export const AUDIT_CSV_COLUMNS = [
  'time',
  'event',
  'profile',
  'directory',
  'agent',
  'transport',
  'pid',
  'executable',
  'processDirectory',
  'requester',
  'host',
  'targetKind',
  'targetId',
  'targetName',
  'detail',
  'line',
] as const

function record(row: AuditRow): string[] {
  if (row.kind === 'unreadable') return ['', 'unreadable', '', '', '', '', '', '', '', '', '', '', '', '', `${row.reason}: ${row.excerpt}`, String(row.line)]
  const e = row.entry
  return [
    e.time,
    e.event,
    e.profile ?? '',
    e.directory ?? '',
    e.agent ?? '',
    e.transport ?? '',
    e.pid === undefined ? '' : String(e.pid),
    e.executable ?? '',
    e.processDirectory ?? '',
    e.requester ?? '',
    e.host ?? '',
    e.target?.kind ?? '',
    e.target?.id ?? '',
    e.target?.name ?? '',
    e.detail ?? '',
    '',
  ]
}

/** Audit rows as CSV (RFC 4180, formula-safe), newest first as given. */
export function auditCsv(rows: readonly AuditRow[]): string {
  return toCsv(AUDIT_CSV_COLUMNS, rows.map(record))
}

/** Audit rows as one JSON array: entries as they are logged, unreadable lines as {unreadable: true, line, reason, excerpt}. */
export function auditJson(rows: readonly AuditRow[]): string {
  const values = rows.map((row) => (row.kind === 'entry' ? row.entry : { unreadable: true, line: row.line, reason: row.reason, excerpt: row.excerpt }))
  return `${JSON.stringify(values, null, 2)}\n`
}
