import { join } from 'node:path'
import { AuditEntry, type AuditPage } from '../../../../shared/contract/audit.contract'
import { type AuditAppender, AUDIT_FILE, createAuditAppender } from './audit-append'
import { type AuditPageRequest, type EntryCheck, readAuditPage } from './audit-page'

export { AUDIT_FILE, type AuditEvent } from './audit-append'

/** The append-only audit log: every key served and every vault change, written and read. */
export interface AuditLog extends AuditAppender {
  /** The newest `limit` entries, newest first; unreadable (torn, foreign) lines are skipped. */
  read(options?: { limit?: number }): Promise<AuditEntry[]>
  /** One page, newest first, filtered; unreadable lines are rows of their own (see audit-page.ts). */
  page(request: AuditPageRequest): Promise<AuditPage>
}

/** Each line is checked against the contract's entry schema: what fails it is shown as unreadable. */
const checkEntry: EntryCheck = (value) => {
  const parsed = AuditEntry.safeParse(value)
  return parsed.success ? parsed.data : null
}

/**
 * The JSONL audit log at `<dataDir>/audit.jsonl`: the appender (audit-append.ts: group commit,
 * crash safety) plus reading, which waits for the lines appended before it.
 */
export function createAuditLog(dataDir: string, now: () => Date = () => new Date()): AuditLog {
  const path = join(dataDir, AUDIT_FILE)
  const appender = createAuditAppender(dataDir, now)

  async function page(request: AuditPageRequest): Promise<AuditPage> {
    await appender.settled()
    return readAuditPage(path, request, checkEntry)
  }

  return {
    append: (event) => appender.append(event),
    settled: () => appender.settled(),
    close: () => appender.close(),
    async read(options = {}) {
      const limit = options.limit ?? 200
      const entries: AuditEntry[] = []
      if (limit < 1) return entries
      let cursor: string | undefined
      do {
        const next = await page({ limit: Math.min(1000, limit - entries.length), cursor })
        for (const row of next.rows) if (row.kind === 'entry') entries.push(row.entry)
        cursor = next.nextCursor ?? undefined
      } while (cursor !== undefined && entries.length < limit)
      return entries
    },
    page,
  }
}
