import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { performance } from 'node:perf_hooks'
import { link, lstat, unlink, writeFile } from 'node:fs/promises'
import { KeywardError } from '../../../../shared/errors'
import { isUnsafeFileError, readStateFile } from '../fs/safe-file'

/** How long to wait for another process's lock before giving up. */
const WAIT_MS = 10_000
/** A lock older than this is taken to be left behind by a crash, even if its pid is reused. */
const STALE_MS = 120_000

interface LockOwner {
  pid: number
  host: string
  time: number
}

/** True when `owner`'s process is gone (same host only; on another host we trust the age). */
function ownerIsGone(owner: LockOwner, now: number): boolean {
  if (now - owner.time > STALE_MS) return true
  if (owner.host !== hostname()) return false
  try {
    process.kill(owner.pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/**
 * Runs `work` while holding the lock file `path` (created exclusively, holding our pid), so that
 * the CLI and the daemon never interleave a read-modify-write. A lock whose process died is
 * broken; one that stays held longer than WAIT_MS gives CONFLICT with what to do. `now` is the
 * wall clock that stamps the lock and is compared with an unreadable lock's mtime (injected so
 * tests can set it against the file's own times); the wait itself is measured on the monotonic
 * clock, which no wall-clock step or frozen test clock can stretch.
 */
export async function withFileLock<T>(path: string, work: () => Promise<T>, now: () => number = Date.now): Promise<T> {
  const started = performance.now()
  let delay = 2
  for (;;) {
    if (await createLock(path, JSON.stringify({ pid: process.pid, host: hostname(), time: now() }))) break
    const owner = await readOwner(path)
    if (owner === 'gone') continue
    if (owner ? ownerIsGone(owner, now()) : await leftEmpty(path, now())) {
      await unlink(path).catch(() => {})
      continue
    }
    if (performance.now() - started > WAIT_MS) {
      throw new KeywardError(
        'CONFLICT',
        `another Keyward process${owner ? ` (pid ${owner.pid})` : ''} holds the config lock ${path}; retry in a moment, or delete that file if no keyward command is running`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, delay))
    delay = Math.min(delay * 2, 20)
  }
  try {
    return await work()
  } finally {
    await unlink(path).catch(() => {})
  }
}

/**
 * Creates the lock with its content already in it: written to a private temp file, then
 * hard-linked into place (link fails when the lock exists), so no waiter ever sees a live lock
 * empty. Where hard links are not supported (FAT volumes) it is created in place and written.
 */
async function createLock(path: string, content: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  await writeFile(temp, content, { flag: 'wx', mode: 0o600 })
  try {
    await link(temp, path)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error
  } finally {
    await unlink(temp).catch(() => {})
  }
  try {
    await writeFile(path, content, { flag: 'wx', mode: 0o600 })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/** True for a lock file unreadable for seconds: left half-written by a crash, or by a version that wrote it in place. */
async function leftEmpty(path: string, now: number): Promise<boolean> {
  try {
    return now - (await lstat(path)).mtimeMs > 5_000
  } catch {
    return false
  }
}

/**
 * The lock's owner; 'gone' when the file vanished meanwhile; null while it is being written. A
 * link, a FIFO or another user's file in its place is refused (UnsafeFileError): never followed,
 * never waited out and broken.
 */
async function readOwner(path: string): Promise<LockOwner | 'gone' | null> {
  try {
    const text = await readStateFile(path, 4096)
    if (text === null) return 'gone'
    const parsed = JSON.parse(text) as Partial<LockOwner>
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.time === 'number') {
      return { pid: parsed.pid, host: parsed.host, time: parsed.time }
    }
    return null
  } catch (error) {
    if (isUnsafeFileError(error)) throw error
    return null
  }
}
