import type { FileHandle } from 'node:fs/promises'
import { requireTimeZone, parseLocalDate, startOfLocalDay, systemTimeZone } from '../../../../shared/calendar'
import type { AuditEntry, AuditEventName, AuditPage, AuditRow } from '../../../../shared/contract/audit.contract'
import { KeywardError } from '../../../../shared/keyward-error'
import { redactSecrets } from '../../../../shared/redact'
import { safeValue } from '../../../../shared/terminal-text'
import { READ_NOFOLLOW, openNoFollow } from '../fs/safe-file'

/** Which entries a page lists; `since` is a calendar day in `timeZone` (default: the system's). */
export interface AuditFilter {
  readonly since?: string | undefined
  readonly timeZone?: string | undefined
  readonly profile?: string | undefined
  readonly event?: AuditEventName | undefined
}

/** One page: at most `limit` rows, starting before `cursor` (a previous page's nextCursor). */
export interface AuditPageRequest extends AuditFilter {
  readonly limit: number
  readonly cursor?: string | undefined
}

/** Checks a parsed line is an audit entry (the contract's schema), or null. */
export type EntryCheck = (value: unknown) => AuditEntry | null

/** Bytes read per step backwards from the end. */
const CHUNK_BYTES = 64 * 1024
/** No entry comes near this (its longest fields are capped at 4 KiB each); a longer line is foreign. */
const MAX_LINE_BYTES = 64 * 1024
/** The most one page scans, so a filter that matches nothing still answers quickly; the cursor goes on from there. */
const SCAN_BUDGET_BYTES = 16 * 1024 * 1024
/** How much of an unreadable line the excerpt is made from (redacted whole, then cut). */
const EXCERPT_SOURCE_BYTES = 4096
/** An excerpt of an unreadable line: enough to recognise it, short, key-free. */
const EXCERPT_CHARS = 80
/**
 * The log is appended in time order, so a page stops at the first entry older than `since`; this
 * much older first, so the CLI's and the daemon's clocks disagreeing a little cannot cut it short.
 */
const CLOCK_SKEW_MS = 60 * 60 * 1000

/** A line read backwards: where it starts, its bytes (only the head when oversized). */
interface RawLine {
  readonly start: number
  readonly bytes: Buffer
  readonly oversized: boolean
}

function changed(): KeywardError {
  return new KeywardError('CONFLICT', 'the audit log was replaced or shortened since this page was read; reload the list from the newest entry')
}

async function readAt(handle: FileHandle, from: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  let got = 0
  while (got < length) {
    const { bytesRead } = await handle.read(buffer, got, length - got, from + got)
    if (bytesRead === 0) throw changed()
    got += bytesRead
  }
  return buffer
}

/** The lines that end at or before `end`, last first; memory stays within a chunk plus one line. */
async function* linesBefore(handle: FileHandle, end: number): AsyncGenerator<RawLine> {
  let pieces: Buffer[] = []
  let carried = 0
  let oversized = false
  const add = (piece: Buffer): void => {
    carried += piece.length
    if (carried > MAX_LINE_BYTES) oversized = true
    // Read backwards, the piece added last is the line's head: an oversized line keeps only its first bytes.
    pieces = oversized ? [Buffer.concat([piece, ...pieces]).subarray(0, EXCERPT_SOURCE_BYTES)] : [piece, ...pieces]
  }
  const take = (start: number): RawLine => {
    const line = { start, bytes: Buffer.concat(pieces), oversized }
    pieces = []
    carried = 0
    oversized = false
    return line
  }
  let pos = end
  while (pos > 0) {
    const from = Math.max(0, pos - CHUNK_BYTES)
    const chunk = await readAt(handle, from, pos - from)
    let tail = chunk.length
    while (tail > 0) {
      const newline = chunk.lastIndexOf(0x0a, tail - 1)
      if (newline < 0) break
      add(chunk.subarray(newline + 1, tail))
      yield take(from + newline + 1)
      tail = newline
    }
    add(chunk.subarray(0, tail))
    pos = from
  }
  if (end > 0) yield take(0)
}

/** 1 + the newlines before `offset`: the line number people use (`sed -n Np`). Only read when a page has an unreadable line. */
async function lineNumberAt(handle: FileHandle, offset: number): Promise<number> {
  let count = 1
  for (let from = 0; from < offset; from += 1024 * 1024) {
    const chunk = await readAt(handle, from, Math.min(1024 * 1024, offset - from))
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) count++
  }
  return count
}

/**
 * A short excerpt of an unreadable line that can never show a key: anything key-shaped is
 * redacted (shared/redact.ts), and so is any long run of key characters, since a torn line may
 * start in the middle of one, after its `sk-ant-` prefix; control and bidi characters (terminal
 * escapes from another program) are shown in escape notation (shared/terminal-text.ts).
 */
export function excerptOf(bytes: Buffer): string {
  const text = safeValue(redactSecrets(bytes.subarray(0, EXCERPT_SOURCE_BYTES).toString('utf8')).replace(/[A-Za-z0-9_-]{32,}/g, '[redacted]'))
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text
}

type Parsed = { kind: 'entry'; entry: AuditEntry } | { kind: 'unreadable'; reason: 'torn' | 'foreign' | 'oversized' } | { kind: 'blank' }

function parseLine(raw: RawLine, check: EntryCheck): Parsed {
  if (raw.oversized) return { kind: 'unreadable', reason: 'oversized' }
  const text = raw.bytes.toString('utf8')
  if (text.trim() === '') return { kind: 'blank' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { kind: 'unreadable', reason: 'torn' }
  }
  const entry = check(value)
  return entry ? { kind: 'entry', entry } : { kind: 'unreadable', reason: 'foreign' }
}

/** The first instant of `since` in the time zone, with messages that say what to type instead. */
export function sinceInstant(since: string, timeZone: string = systemTimeZone()): number {
  requireTimeZone(timeZone)
  try {
    parseLocalDate(since)
  } catch {
    throw new KeywardError('INVALID_INPUT', `"${since.slice(0, 20)}" is not a valid date; give a real calendar day as YYYY-MM-DD, e.g. 2026-03-01`)
  }
  return startOfLocalDay(since, timeZone)
}

function encodeCursor(identity: string, offset: number): string {
  return `a1.${identity}.${offset}`
}

function decodeCursor(cursor: string): { identity: string; offset: number } {
  const m = /^a1\.(\d+\.\d+)\.(\d+)$/.exec(cursor)
  if (!m) throw new KeywardError('INVALID_INPUT', 'this cursor was not given out by the audit log; leave it out to start from the newest entry')
  return { identity: m[1]!, offset: Number(m[2]) }
}

function matches(entry: AuditEntry, filter: AuditFilter): boolean {
  return (filter.profile === undefined || entry.profile === filter.profile) && (filter.event === undefined || entry.event === filter.event)
}

/**
 * Reads one page of the audit log at `path`, newest first, from the end of the file backwards:
 * a page costs what it lists (plus at most SCAN_BUDGET_BYTES of non-matching lines), not the
 * size of the log. Unreadable lines are rows of their own, whatever the filter, because what
 * they were cannot be known. The cursor is the byte offset of the last line looked at, tied to
 * the file's identity, so appends meanwhile do not shift pages and a replaced log is noticed.
 */
export async function readAuditPage(path: string, request: AuditPageRequest, check: EntryCheck): Promise<AuditPage> {
  const sinceMs = request.since === undefined ? undefined : sinceInstant(request.since, request.timeZone)
  const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor)
  let handle: FileHandle
  try {
    handle = await openNoFollow(path, READ_NOFOLLOW, 0o600, { ownOnly: true })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      if (cursor) throw changed()
      return { rows: [], nextCursor: null }
    }
    throw new KeywardError('INTERNAL', `could not read the audit log ${path} (${(error as Error).message})`)
  }
  try {
    const stats = await handle.stat()
    const identity = `${stats.dev}.${stats.ino}`
    if (cursor && (cursor.identity !== identity || cursor.offset > stats.size)) throw changed()
    const end = cursor?.offset ?? stats.size
    const rows: AuditRow[] = []
    let seq = 0
    let anchor: { seq: number; line: number } | null = null
    let nextCursor: string | null = null
    for await (const raw of linesBefore(handle, end)) {
      // The empty stretch after the last newline (or before the cursor) is not a line.
      if (seq === 0 && raw.start === end && raw.bytes.length === 0) continue
      seq++
      const parsed = parseLine(raw, check)
      if (parsed.kind === 'entry') {
        const time = Date.parse(parsed.entry.time)
        if (sinceMs !== undefined && time < sinceMs) {
          if (time < sinceMs - CLOCK_SKEW_MS) break
        } else if (matches(parsed.entry, request)) rows.push({ kind: 'entry', offset: raw.start, entry: parsed.entry })
      } else if (parsed.kind === 'unreadable') {
        anchor ??= { seq, line: await lineNumberAt(handle, raw.start) }
        rows.push({ kind: 'unreadable', offset: raw.start, line: anchor.line - (seq - anchor.seq), reason: parsed.reason, excerpt: excerptOf(raw.bytes) })
      }
      if (rows.length >= request.limit || end - raw.start >= SCAN_BUDGET_BYTES) {
        if (raw.start > 0) nextCursor = encodeCursor(identity, raw.start)
        break
      }
    }
    return { rows, nextCursor }
  } finally {
    await handle.close().catch(() => {})
  }
}
