import { z } from 'zod'
import { everywhere, procedure } from './procedure'
import { AUDIT_EVENT_NAMES } from '../audit-event-names'

/** The events Keyward appends to its audit log (the list is in shared/audit-event-names.ts). */
export const AuditEventName = z.enum(AUDIT_EVENT_NAMES)
export type AuditEventName = z.infer<typeof AuditEventName>

/**
 * What an action was about, named as the action knew it when it wrote the line (a key, user or
 * workspace may be renamed or gone later): the kind, the id, and the name when known.
 */
export const AuditTarget = z.object({
  kind: z.enum(['apiKey', 'user', 'invite', 'workspace', 'spendLimit', 'budget', 'channel', 'finding', 'org']),
  id: z.string().max(200),
  name: z.string().max(200).optional(),
})
export type AuditTarget = z.infer<typeof AuditTarget>

/**
 * One line of the audit log. `event` is read as any dotted name so that a log written by a newer
 * version still lists; the fields never hold a key.
 */
export const AuditEntry = z.object({
  time: z.string(),
  event: z.string().regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/),
  profile: z.string().optional(),
  directory: z.string().optional(),
  /** The requesting tool as the caller claims it ($AI_AGENT); never checked. */
  agent: z.string().optional(),
  transport: z.string().optional(),
  detail: z.string().optional(),
  /** The real caller of the key socket, from the OS (peer credentials): its pid, executable and working directory. */
  pid: z.number().int().optional(),
  executable: z.string().optional(),
  processDirectory: z.string().optional(),
  /** The process a remembered approval is bound to (the helper's parent through `sh -c`), as "EXE (pid N)". */
  requester: z.string().optional(),
  /** For keys forwarded over `keyward ssh`: the remote host (user@host as the laptop's ssh named it). */
  host: z.string().optional(),
  /** What an admin change (or budget, channel, Review change) was about: kind, id, and its name at the time. */
  target: AuditTarget.optional(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

/** Why a line of the audit log could not be listed: not JSON (torn by a crash), JSON but not an entry (foreign), or too long to be one. */
export const AuditUnreadableReason = z.enum(['torn', 'foreign', 'oversized'])
export type AuditUnreadableReason = z.infer<typeof AuditUnreadableReason>

/**
 * One row of a page: an entry, or a line that could not be read, shown as such (its 1-based line
 * number and a short excerpt with anything key-shaped redacted) so it never hides the rest.
 * `offset` is the line's byte position in the file: unique and stable, a row key.
 */
export const AuditRow = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('entry'), offset: z.number().int().nonnegative(), entry: AuditEntry }),
  z.object({ kind: z.literal('unreadable'), offset: z.number().int().nonnegative(), line: z.number().int().positive(), reason: AuditUnreadableReason, excerpt: z.string() }),
])
export type AuditRow = z.infer<typeof AuditRow>

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * What to list: newest first, at most `limit` rows from `cursor` (the previous page's nextCursor)
 * back; `since` is a calendar day in `timeZone` (the user's), checked to be a real date.
 */
export const AuditQuery = z
  .object({
    limit: z.number().int().min(1).max(1000).default(200),
    cursor: z.string().max(100).optional(),
    since: z.string().regex(LOCAL_DATE, 'since must be a date of the form YYYY-MM-DD').optional(),
    timeZone: z.string().min(1).max(64).optional(),
    profile: z.string().min(1).max(200).optional(),
    event: AuditEventName.optional(),
  })
  .strict()
export type AuditQuery = z.input<typeof AuditQuery>

/** One page of the audit log; `nextCursor` is null at the oldest line (or before `since`). */
export const AuditPage = z.object({ rows: z.array(AuditRow), nextCursor: z.string().nullable() })
export type AuditPage = z.infer<typeof AuditPage>

/** Procedures about the audit log. */
export const auditProcedures = {
  'audit.list': procedure(AuditQuery, AuditPage, everywhere),
}
