import { closeSync } from 'node:fs'
import { join } from 'node:path'
import type { AuditEntry, AuditEventName, AuditTarget } from '../../../../shared/contract/audit.contract'
import { KeywardError } from '../../../../shared/keyward-error'
import { redactSecrets } from '../../../../shared/redact'
import { closeAsync, fstatAsync, openAsync, readAsync, statAsync, writeAsync } from '../fs/fs-async'
import { ensurePrivateDir } from '../fs/private-dir'
import { READ_APPEND_NOFOLLOW, openFailure, openedFileProblem, refuseLinkWithoutNoFollow } from '../fs/safe-file'

/** What a caller appends: the event and its facts; the log adds the time. Never a key. */
export interface AuditEvent {
  readonly event: AuditEventName
  readonly profile?: string
  readonly directory?: string
  /** The requesting tool as the caller claims it; never checked. */
  readonly agent?: string
  readonly transport?: string
  readonly detail?: string
  /** The real caller from the OS (key socket): pid, executable, working directory, and the process an approval binds to. */
  readonly pid?: number
  readonly executable?: string
  readonly processDirectory?: string
  readonly requester?: string
  /** The remote host a forwarded key went to (`keyward ssh`). */
  readonly host?: string
  /** What the action was about, with its name as the action knew it. */
  readonly target?: AuditTarget
}

/**
 * The writing half of the audit log (audit-log.ts adds reading). Zod-free: the helper's no-daemon
 * path appends `key.served` through it and never reads the log.
 */
export interface AuditAppender {
  /**
   * Appends one event as one JSON line. Resolves once the line has been written (handed to the
   * kernel); rejects with INTERNAL when it could not be, so a caller never serves a key silently.
   */
  append(event: AuditEvent): Promise<void>
  /** Resolves when every line appended so far has been written (or has failed). */
  settled(): Promise<void>
  /** Writes what is queued and closes the file; a later append opens it again. */
  close(): Promise<void>
}

/** The audit log's file name under the data directory. */
export const AUDIT_FILE = 'audit.jsonl'

/** How long the file stays open after the last write (the socket server appends in bursts). */
const IDLE_CLOSE_MS = 2_000

/** Agents and details come from other programs: keep them short and key-free. */
function clean(value: string | undefined, max = 200): string | undefined {
  return value === undefined ? undefined : redactSecrets(value).slice(0, max)
}

interface Queued {
  readonly line: string
  readonly resolve: () => void
  readonly reject: (error: Error) => void
}

/**
 * The JSONL audit log at `<dataDir>/audit.jsonl` (directory 0700, file 0600).
 *
 * Throughput: the socket server serves thousands of keys a second, and opening, writing and closing
 * the file per entry capped it. Appends are therefore group-committed: lines queue, one write at a
 * time goes out with everything queued so far (the first on the next microtask, later ones while the
 * previous write was in flight), and each `append` resolves or rejects with the write that carried
 * its line. So "the key is logged before it is served, or not served" holds per entry.
 *
 * Crash safety: the file is opened with O_APPEND and every batch is whole lines in one `write`, so
 * lines from the CLI and the daemon never interleave and a crash leaves at most a torn last line,
 * which the reader (audit-log.ts) skips or shows as unreadable. When the file is (re)opened and does not end in a newline (a torn line from a
 * crash or a failed write), the next batch starts with one, so a new line is never glued to it.
 * Before each batch the path is stat'ed: a log deleted or replaced meanwhile is reopened, not
 * written into the void. The descriptor is closed after two idle seconds and by `close()`.
 */
export function createAuditAppender(dataDir: string, now: () => Date = () => new Date()): AuditAppender {
  const path = join(dataDir, AUDIT_FILE)
  let queue: Queued[] = []
  let draining: Promise<void> | null = null
  let fd: number | null = null
  let fdIdentity = ''
  let startWithNewline = false
  let idleTimer: NodeJS.Timeout | null = null

  const identity = (s: { dev: number; ino: number }) => `${s.dev}:${s.ino}`

  function closeFd(): void {
    if (fd === null) return
    const old = fd
    fd = null
    try {
      closeSync(old)
    } catch {
      // Already unusable: nothing more to release.
    }
  }

  async function openFile(): Promise<number> {
    if (fd !== null) {
      const current = await statAsync(path).catch(() => null)
      if (current && identity(current) === fdIdentity) return fd
      closeFd()
    }
    ensurePrivateDir(dataDir)
    // Never through a link (a planted audit.jsonl -> ~/.bash_profile), never another user's file.
    await refuseLinkWithoutNoFollow(path)
    const opened = await openAsync(path, READ_APPEND_NOFOLLOW, 0o600).catch((error: unknown) => {
      throw openFailure(path, error)
    })
    try {
      const info = await fstatAsync(opened)
      const problem = openedFileProblem(path, info, { ownOnly: true })
      if (problem) throw problem
      startWithNewline = false
      if (info.size > 0) {
        const last = Buffer.alloc(1)
        await readAsync(opened, last, 0, 1, info.size - 1)
        startWithNewline = last[0] !== 0x0a
      }
      fd = opened
      fdIdentity = identity(info)
      return opened
    } catch (error) {
      await closeAsync(opened).catch(() => {})
      throw error
    }
  }

  async function writeBatch(text: string): Promise<void> {
    const target = await openFile()
    let buffer = Buffer.from(startWithNewline ? `\n${text}` : text)
    while (buffer.length > 0) buffer = buffer.subarray(await writeAsync(target, buffer))
    startWithNewline = false
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue
      queue = []
      try {
        await writeBatch(batch.map((q) => q.line).join(''))
        for (const q of batch) q.resolve()
      } catch (error) {
        // The file may now end in a partial line: reopen (which checks for that) next time.
        closeFd()
        const failure = new KeywardError(
          'INTERNAL',
          `could not write the audit log ${path} (${error instanceof Error ? error.message : String(error)}); check the disk space and that the file is yours`,
        )
        for (const q of batch) q.reject(failure)
      }
    }
    draining = null
    idleTimer = setTimeout(() => {
      idleTimer = null
      if (draining === null) closeFd()
    }, IDLE_CLOSE_MS)
    idleTimer.unref()
  }

  return {
    append(event) {
      const entry: AuditEntry = {
        time: now().toISOString(),
        event: event.event,
        ...(event.profile !== undefined && { profile: event.profile }),
        ...(event.directory !== undefined && { directory: clean(event.directory, 4096) }),
        ...(event.agent !== undefined && { agent: clean(event.agent) }),
        ...(event.transport !== undefined && { transport: event.transport }),
        ...(event.detail !== undefined && { detail: clean(event.detail) }),
        ...(event.pid !== undefined && { pid: event.pid }),
        ...(event.executable !== undefined && { executable: clean(event.executable, 4096) }),
        ...(event.processDirectory !== undefined && { processDirectory: clean(event.processDirectory, 4096) }),
        ...(event.requester !== undefined && { requester: clean(event.requester, 4096) }),
        ...(event.host !== undefined && { host: clean(event.host, 255) }),
        ...(event.target !== undefined && {
          target: { kind: event.target.kind, id: clean(event.target.id)!, ...(event.target.name !== undefined && { name: clean(event.target.name) }) },
        }),
      }
      const line = `${JSON.stringify(entry)}\n`
      return new Promise<void>((resolve, reject) => {
        queue.push({ line, resolve, reject })
        if (idleTimer) {
          clearTimeout(idleTimer)
          idleTimer = null
        }
        draining ??= Promise.resolve().then(drain)
      })
    },
    async settled() {
      while (draining) await draining
    },
    async close() {
      while (draining) await draining
      if (idleTimer) clearTimeout(idleTimer)
      idleTimer = null
      closeFd()
    },
  }
}
