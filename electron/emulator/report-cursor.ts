/**
 * Report page cursors: opaque tokens bound to one query and to the refresh its first page was
 * served at (later pages of the walk read the same snapshot, so a refresh in the middle of a walk
 * never shifts rows between pages). A cursor expires `ttlMs` of the emulator's clock after it was
 * issued, and a test can make the next cursors presented expire at once (`expireNext`); either way
 * the API answers HTTP 410 and the client repeats the query from its first page.
 */
import { badRequest, EmulatorError } from './errors'

/** When report cursors expire. */
export interface CursorPolicy {
  /** Milliseconds of the emulator's clock a cursor stays valid (default 15 minutes). */
  ttlMs: number
  /** How many of the next cursors presented are answered with 410 regardless of age (a test hook). */
  expireNext: number
}

/** The default cursor lifetime: 15 minutes of the emulator's clock. */
export const DEFAULT_CURSOR_TTL_MS = 15 * 60_000

/** What a cursor carries. */
export interface ReportCursor {
  readonly offset: number
  /** The refresh the walk reads. */
  readonly refresh: number
  /** When it was issued (emulator clock, ms). */
  readonly issuedMs: number
}

/** Encodes a cursor for a query's signature. */
export function encodeReportCursor(cursor: ReportCursor, signature: string): string {
  return Buffer.from(JSON.stringify({ o: cursor.offset, r: cursor.refresh, t: cursor.issuedMs, q: signature }), 'utf8').toString('base64url')
}

/** The 410 an expired cursor gets. */
export const cursorExpired = (): EmulatorError =>
  new EmulatorError('invalid_request_error', 'page: this page cursor has expired. Repeat the query without page to start again from the first page.', undefined, 410)

/**
 * Decodes a cursor made by `encodeReportCursor` for the same query: a token that is not one, or
 * belongs to another query, is a 400; an expired one (older than the policy's lifetime, or one the
 * test hook expires) is a 410. Consumes one `expireNext` when it fires.
 */
export function decodeReportCursor(token: string, signature: string, nowMs: number, policy: CursorPolicy): ReportCursor {
  let cursor: ReportCursor | null = null
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    if (typeof parsed === 'object' && parsed !== null) {
      const { o, r, t, q } = parsed as { o?: unknown; r?: unknown; t?: unknown; q?: unknown }
      const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0
      if (isCount(o) && isCount(r) && isCount(t) && q === signature) cursor = { offset: o, refresh: r, issuedMs: t }
    }
  } catch {
    // fall through to the 400 below
  }
  if (cursor === null) throw badRequest('page: not a page cursor of this query. Pass the next_page of the previous page of the same query, or leave page out.')
  if (policy.expireNext > 0) {
    policy.expireNext--
    throw cursorExpired()
  }
  if (nowMs - cursor.issuedMs > policy.ttlMs) throw cursorExpired()
  return cursor
}
