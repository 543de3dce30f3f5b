import { randomBytes } from 'node:crypto'
import { unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { KeywardError } from '../../../../shared/errors'
import { writeStateFile } from '../../platform/config/atomic-write'
import { isUnsafeFileError, lstatOrNull, readStatedStateFileSync } from '../../platform/fs/safe-file'

/*
 * The demo org's record: which process serves the demo org's emulator for a data directory, and
 * how to reach it. The host (the app or `keyward daemon`) writes it when its emulator starts and
 * removes it when it stops; every CLI command on the demo org reads it and talks to that same
 * emulator, so there is one demo org, never a private copy in the CLI. It is a 0600 file in the
 * 0700 data directory, written atomically, read without following links, refused when another
 * user owns it or others may write or read it. It holds no key-shaped string: the emulator accepts
 * a per-run random token instead of the seed's demo Admin key (docs/threat-model.md).
 */

/** The record's file name in the data directory. */
export const DEMO_RECORD_FILE = 'demo-host.json'

/** Far more than a record ever needs; a larger file is refused unread. */
const MAX_RECORD_BYTES = 16 * 1024

/** What a host records about the demo org it serves. */
export interface DemoRecord {
  readonly version: 1
  /** The serving process; a record whose process is gone is stale. */
  readonly pid: number
  /** When that process started serving, and a random nonce: a host removes only its own record. */
  readonly startedAt: string
  readonly nonce: string
  /** The emulator's loopback base URL (`http://127.0.0.1:PORT`). */
  readonly baseURL: string
  /** The per-run credential the emulator accepts: random, not key-shaped, opens only this emulator. */
  readonly token: string
  /** The seeded org's name, for `keyward demo` and `keyward orgs list`. */
  readonly orgName: string
}

/** Where the record for `dataDir` lives. */
export function demoRecordPath(dataDir: string): string {
  return join(dataDir, DEMO_RECORD_FILE)
}

/** A fresh per-run credential for a host's demo emulator: `keyward-demo-` and 32 random bytes, nothing like an Anthropic key. */
export function newDemoToken(): string {
  return `keyward-demo-${randomBytes(32).toString('base64url')}`
}

/** A fresh record for this process, serving at `baseURL` with `token`. */
export function newDemoRecord(baseURL: string, token: string, orgName: string, now: Date = new Date()): DemoRecord {
  return { version: 1, pid: process.pid, startedAt: now.toISOString(), nonce: randomBytes(16).toString('hex'), baseURL, token, orgName }
}

/** Writes the record (atomically, 0600, in the private data directory; a link at its path is replaced, never followed). */
export async function writeDemoRecord(dataDir: string, record: DemoRecord): Promise<void> {
  await writeStateFile(demoRecordPath(dataDir), `${JSON.stringify(record)}\n`)
}

const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d{1,5}$/

function parseRecord(path: string, text: string): DemoRecord {
  const invalid = () => new KeywardError('CONFLICT', `${path} is not a demo-org record Keyward wrote; remove it, and restart the app or keyward daemon --demo to serve the demo org`)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw invalid()
  }
  const r = value as Partial<Record<keyof DemoRecord, unknown>>
  if (typeof value !== 'object' || value === null || r.version !== 1) throw invalid()
  if (typeof r.pid !== 'number' || !Number.isInteger(r.pid) || r.pid <= 0) throw invalid()
  if (typeof r.baseURL !== 'string' || !LOOPBACK.test(r.baseURL)) throw invalid()
  for (const field of [r.startedAt, r.nonce, r.token, r.orgName]) if (typeof field !== 'string' || field.length === 0 || field.length > 1000) throw invalid()
  return value as DemoRecord
}

/**
 * Reads the record for `dataDir`: null when there is none. A symbolic link, a non-regular file,
 * another user's file, a file others may read or write, or one Keyward did not write is refused
 * with an error that says what to do. Synchronous and small, so listing orgs can show its URL.
 */
export function readDemoRecord(dataDir: string): DemoRecord | null {
  const path = demoRecordPath(dataDir)
  let read
  try {
    read = readStatedStateFileSync(path, MAX_RECORD_BYTES)
  } catch (error) {
    if (isUnsafeFileError(error)) throw new KeywardError('CONFLICT', `the demo org's record: ${error.message}`)
    throw error
  }
  if (read === null) return null
  // Windows has no POSIX modes; the per-user profile directory's ACL protects the file there.
  const mode = read.stats.mode & 0o777
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new KeywardError(
      'CONFLICT',
      `${path} is open to other users (mode 0${mode.toString(8)}), so someone else may have written it; Keyward did not use it; remove it, and restart the app or keyward daemon --demo`,
    )
  }
  return parseRecord(path, read.bytes.toString('utf8'))
}

/** True while the record's process runs (signal 0 reaches it); a process of another user, or none, means the record is stale. */
export function recordProcessAlive(record: Pick<DemoRecord, 'pid'>): boolean {
  try {
    process.kill(record.pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Removes the record when it is still the one described by `nonce` (or, with no nonce, whatever
 * stale record is there): a host that stops never removes a newer host's record.
 */
export async function removeDemoRecord(dataDir: string, nonce?: string): Promise<void> {
  const path = demoRecordPath(dataDir)
  if (nonce !== undefined) {
    let current: DemoRecord | null
    try {
      current = readDemoRecord(dataDir)
    } catch {
      return
    }
    if (current?.nonce !== nonce) return
  } else if ((await lstatOrNull(path)) === null) return
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
}
