import { mkdir, open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { ensurePrivateDir } from '../fs/private-dir'

/**
 * writeFileAtomic for Keyward's own state: the directory is first made private (created 0700,
 * tightened when too open, refused when another user owns it or could swap it: core/platform/fs/private-dir.ts).
 */
export async function writeStateFile(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  ensurePrivateDir(dirname(path))
  await writeFileAtomic(path, data, options)
}

/** How a file is replaced: `durable: false` skips the two fsyncs (for small records a later write restores, where a status line cannot wait on the disk). */
export interface AtomicWriteOptions {
  readonly durable?: boolean
}

/**
 * Replaces `path` with `data` so that readers see the old file or the new one, never a part:
 * a temp file in the same directory (0600, O_EXCL), fsync, rename over the target (which replaces
 * a link there rather than following it), fsync the directory so the rename itself survives a
 * crash. Strings are written as UTF-8; bytes as they are
 * (the usage cache's binary segments).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const durable = options.durable ?? true
  const dir = dirname(path)
  // Not necessarily Keyward's own directory (a project's .claude/): only created, never chmod'ed.
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const { temp, file } = await openTemp(dir, basename(path))
  try {
    await file.writeFile(data)
    if (durable) await file.sync()
  } catch (error) {
    await file.close()
    await unlink(temp).catch(() => {})
    throw error
  }
  await file.close()
  try {
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }
  if (durable) await syncDir(dir)
}

/** fsyncs a directory; platforms that cannot (Windows) are skipped, as the rename is already durable there. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * A new temp file beside the target (O_EXCL: never an existing file or a link). Its name needs to be
 * unique, not secret: O_EXCL already refuses anything planted there, and a name another process cannot
 * guess only keeps it from blocking the write. So the suffix comes from Math.random rather than
 * node:crypto, whose loading costs milliseconds of the status line's start (a process per turn); a
 * name taken by chance is retried with another.
 */
async function openTemp(dir: string, base: string): Promise<{ temp: string; file: Awaited<ReturnType<typeof open>> }> {
  for (let attempt = 0; ; attempt++) {
    const temp = join(dir, `.${base}.${process.pid}.${Math.random().toString(36).slice(2, 12).padEnd(10, '0')}.tmp`)
    try {
      return { temp, file: await open(temp, 'wx', 0o600) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 4) throw error
    }
  }
}
