import { systemTimeZone } from '../../../shared/calendar'
import type { AuditEventName, AuditPage, AuditQuery, AuditRow } from '../../../shared/contract'
import type { Result } from '../../../shared/result'
import { client } from '../transport/client'
import { createPagedStore } from './paged-store'

/** What the Audit screen filters on; null is "any". `since` is a calendar day in the user's time zone. */
export interface AuditFilterQuery {
  readonly since: string | null
  readonly profile: string | null
  readonly event: AuditEventName | null
}

/** Rows per page the screen loads (the table renders only those in view). */
const PAGE_SIZE = 200
/** How many empty pages in a row the screen reads on before it shows "Load more" (each scans at most 16 MiB). */
const EMPTY_PAGE_HOPS = 8
/** The most rows an export from the screen collects; the CLI (`keyward audit --csv`) has no cap. */
export const EXPORT_MAX_ROWS = 50_000

function request(query: AuditFilterQuery, limit: number, cursor: string | null): AuditQuery {
  return {
    limit,
    ...(cursor !== null && { cursor }),
    ...(query.since !== null && { since: query.since, timeZone: systemTimeZone() }),
    ...(query.profile !== null && { profile: query.profile }),
    ...(query.event !== null && { event: query.event }),
  }
}

/** The audit log, newest first, one page at a time for the current filter. */
export const useAuditStore = createPagedStore<AuditRow, AuditFilterQuery>(async (query, cursor) => {
  // A page that scanned its budget without a match comes back empty with a cursor: go on a few
  // times, so a rare filter does not show "no entries" above a "Load more" button.
  let next = cursor
  for (let hop = 0; ; hop++) {
    const result: Result<AuditPage> = await client.call('audit.list', request(query, PAGE_SIZE, next))
    if (!result.ok) return result
    if (result.value.rows.length > 0 || result.value.nextCursor === null || hop === EMPTY_PAGE_HOPS) return { ok: true, value: { items: result.value.rows, nextCursor: result.value.nextCursor } }
    next = result.value.nextCursor
  }
})

/** Every row matching `query` (up to EXPORT_MAX_ROWS) for an export; `truncated` when there were more. */
export async function collectForExport(query: AuditFilterQuery): Promise<Result<{ rows: AuditRow[]; truncated: boolean }>> {
  const rows: AuditRow[] = []
  let cursor: string | null = null
  do {
    const result: Result<AuditPage> = await client.call('audit.list', request(query, Math.min(1000, EXPORT_MAX_ROWS - rows.length), cursor))
    if (!result.ok) return result
    rows.push(...result.value.rows)
    cursor = result.value.nextCursor
  } while (cursor !== null && rows.length < EXPORT_MAX_ROWS)
  return { ok: true, value: { rows, truncated: cursor !== null } }
}
