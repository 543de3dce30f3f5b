import { hostname } from 'node:os'
import { lstat, open, unlink } from 'node:fs/promises'
import { KeywardError } from '../../../shared/errors'
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
 * Runs `work` while holding the lock file `path` (created with O_EXCL, holding our pid), so that
 * the CLI and the daemon never interleave a read-modify-write. A lock whose process died is
 * broken; one that stays held longer than WAIT_MS gives CONFLICT with what to do.
 */
export async function withFileLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now()
  let delay = 2
  for (;;) {
    try {
      // O_CREAT|O_EXCL never follows a link: a planted one is EEXIST, and readOwner refuses it.
      const handle = await open(path, 'wx', 0o600)
      try {
        await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() }))
      } finally {
        await handle.close()
      }
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const owner = await readOwner(path)
    if (owner === 'gone') continue
    if (owner ? ownerIsGone(owner, Date.now()) : await leftEmpty(path)) {
      await unlink(path).catch(() => {})
      continue
    }
    if (Date.now() - started > WAIT_MS) {
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

/** True for a lock file that has stayed unreadable for seconds: its writer died between create and write. */
async function leftEmpty(path: string): Promise<boolean> {
  try {
    return Date.now() - (await lstat(path)).mtimeMs > 5_000
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
