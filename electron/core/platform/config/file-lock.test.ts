import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withFileLock } from './file-lock'

/**
 * The lock compares its clock with the lock file's mtime and with the time a holder wrote. Each
 * test sets the injected clock against the file's own mtime, never against the test's clock, so
 * the suite holds under libfaketime (which moves the clock but not the times the kernel stamps).
 */
async function lockFile(content: string): Promise<{ path: string; mtimeMs: number }> {
  const path = join(await mkdtemp(join(tmpdir(), 'keyward-lock-')), 'config.json.lock')
  await writeFile(path, content)
  return { path, mtimeMs: Number((await stat(path, { bigint: true })).mtimeNs / 1_000_000n) }
}

describe('file lock', () => {
  it('breaks an empty lock (half-written by a crash, or by an older version) once its mtime is over 5 s before the clock', async () => {
    const { path, mtimeMs } = await lockFile('')
    const ran = await withFileLock(
      path,
      async () => JSON.parse(await readFile(path, 'utf8')) as { time: number },
      () => mtimeMs + 5_001,
    )
    // The work ran holding a new lock, stamped with the injected clock; the lock is gone after.
    expect(ran.time).toBe(mtimeMs + 5_001)
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  /** Asserts that the lock at `path` is respected while the clock reads `before`, and broken once it reads `after`. */
  async function brokenOnlyOnceClockReads(path: string, before: number, after: number): Promise<void> {
    let clock = before
    const order: string[] = []
    const held = withFileLock(
      path,
      async () => order.push('work'),
      () => clock,
    )
    // Several polls go by (2, 4, 8… ms apart) without the work running: the lock is respected.
    await new Promise((resolve) => setTimeout(resolve, 100))
    order.push('clock moved')
    clock = after
    await held
    expect(order).toEqual(['clock moved', 'work'])
  }

  it('does not break an empty lock that may still be being written (mtime within 5 s), until the clock passes 5 s', async () => {
    const { path, mtimeMs } = await lockFile('')
    await brokenOnlyOnceClockReads(path, mtimeMs + 4_000, mtimeMs + 6_000)
  })

  it('breaks a lock held by a live pid only when it is older than 2 minutes by the clock (the pid may have been reused)', async () => {
    const time = 1_900_000_000_000
    const { path } = await lockFile(JSON.stringify({ pid: process.pid, host: hostname(), time }))
    await brokenOnlyOnceClockReads(path, time + 60_000, time + 120_001)
  })

  it('excludes every other holder while the clock runs a year ahead of the file times (libfaketime, a skewed NFS server)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-lock-'))
    const path = join(dir, 'config.json.lock')
    const ahead = () => Date.now() + 365 * 86_400_000
    let inside = 0
    let most = 0
    const holders = Array.from({ length: 20 }, () =>
      withFileLock(
        path,
        async () => {
          most = Math.max(most, ++inside)
          await new Promise((resolve) => setTimeout(resolve, 1))
          inside--
        },
        ahead,
      ),
    )
    await Promise.all(holders)
    // A lock is never seen empty (it is linked into place whole), so no waiter takes a live one for a crashed one.
    expect(most).toBe(1)
    expect(await readdir(dir)).toEqual([])
  })

  it('breaks at once a lock of a process that is gone on this host, whatever the clock says', async () => {
    const { path } = await lockFile(JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), time: 1_900_000_000_000 }))
    expect(
      await withFileLock(
        path,
        async () => 'ran',
        () => 1_900_000_000_000,
      ),
    ).toBe('ran')
  })
})
