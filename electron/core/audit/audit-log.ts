import { mkdir, open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type AuditEntry, type AuditEventName, AuditEntry as AuditEntrySchema } from '../../../shared/contract/audit.contract'
import { KeywardError } from '../../../shared/errors'
import { redactSecrets } from '../../../shared/redact'

/** What a caller appends: the event and its facts; the log adds the time. Never a key. */
export interface AuditEvent {
  readonly event: AuditEventName
  readonly profile?: string
  readonly directory?: string
  readonly agent?: string
  readonly transport?: string
  readonly detail?: string
}

/** The append-only audit log: every key served and every vault change. */
export interface AuditLog {
  /** Appends one event as one JSON line; fails (rather than serving silently) when the log cannot be written. */
  append(event: AuditEvent): Promise<void>
  /** The newest `limit` entries, newest first; unreadable lines are skipped. */
  read(options?: { limit?: number }): Promise<AuditEntry[]>
}

/** The audit log's file name under the data directory. */
export const AUDIT_FILE = 'audit.jsonl'

/** Agents and details come from other programs: keep them short and key-free. */
function clean(value: string | undefined, max = 200): string | undefined {
  return value === undefined ? undefined : redactSecrets(value).slice(0, max)
}

/**
 * The JSONL audit log at `<dataDir>/audit.jsonl` (directory 0700, file 0600). Each append is one
 * `write` on a file opened with O_APPEND, so lines from the CLI and the daemon never interleave.
 */
export function createAuditLog(dataDir: string, now: () => Date = () => new Date()): AuditLog {
  const path = join(dataDir, AUDIT_FILE)
  return {
    async append(event) {
      const entry: AuditEntry = {
        time: now().toISOString(),
        event: event.event,
        ...(event.profile !== undefined && { profile: event.profile }),
        ...(event.directory !== undefined && { directory: clean(event.directory, 4096) }),
        ...(event.agent !== undefined && { agent: clean(event.agent) }),
        ...(event.transport !== undefined && { transport: event.transport }),
        ...(event.detail !== undefined && { detail: clean(event.detail) }),
      }
      try {
        await mkdir(dataDir, { recursive: true, mode: 0o700 })
        const file = await open(path, 'a', 0o600)
        try {
          await file.write(`${JSON.stringify(entry)}\n`)
        } finally {
          await file.close()
        }
      } catch (error) {
        throw new KeywardError('INTERNAL', `could not write the audit log ${path} (${error instanceof Error ? error.message : String(error)}); check the disk space and that the file is yours`)
      }
    },
    async read(options = {}) {
      const limit = options.limit ?? 200
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
        throw new KeywardError('INTERNAL', `could not read the audit log ${path} (${(error as Error).message})`)
      }
      const entries: AuditEntry[] = []
      const lines = text.split('\n')
      for (let i = lines.length - 1; i >= 0 && entries.length < limit; i--) {
        const line = lines[i]!
        if (line === '') continue
        try {
          const parsed = AuditEntrySchema.safeParse(JSON.parse(line))
          if (parsed.success) entries.push(parsed.data)
        } catch {
          // a torn or foreign line: skip it, the rest of the log stays readable
        }
      }
      return entries
    },
  }
}
