import { type Stats, closeSync, constants, fstatSync, lstatSync, openSync } from 'node:fs'
import { READ_NOFOLLOW, UnsafeFileError, openedFileProblem } from '../../platform/fs/safe-file'

/*
 * The database file is opened by SQLite, which follows links, so Keyward checks the path first:
 * created 0600 with O_EXCL|O_NOFOLLOW when missing, refused when it is a link, not a regular file
 * or another user's, and checked again after SQLite opened it (same inode as the checked file),
 * so a swap between the check and the open is caught.
 */

const NOFOLLOW = constants.O_NOFOLLOW ?? 0

/** The identity of a checked file, compared after SQLite opened the path. */
export interface CheckedFile {
  readonly dev: number
  readonly ino: number
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

function refusedLink(path: string): UnsafeFileError {
  return new UnsafeFileError(path, 'symlink', `${path} is a symbolic link; Keyward never follows links for its usage database; replace it with a regular file (or remove it and run: keyward sync)`)
}

/**
 * Checks (and with `create`, creates 0600) the database file at `path`; null when it is missing
 * and not to be created. Throws an UnsafeFileError naming the path for a link, a FIFO, a
 * directory or another user's file.
 */
export function checkDbFile(path: string, create: boolean): CheckedFile | null {
  let before = lstatOrNull(path)
  if (before === null) {
    if (!create) return null
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600))
    } catch (error) {
      // Another process created it in between: check what is there now.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    before = lstatOrNull(path)
    if (before === null) throw new Error(`${path} vanished right after it was created; run keyward sync again`)
  }
  if (before.isSymbolicLink()) throw refusedLink(path)
  let fd: number
  try {
    fd = openSync(path, READ_NOFOLLOW)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw refusedLink(path)
    throw error
  }
  try {
    const stats = fstatSync(fd)
    const problem = openedFileProblem(path, stats, { ownOnly: true })
    if (problem) throw problem
    if (stats.ino !== before.ino || stats.dev !== before.dev)
      throw new UnsafeFileError(path, 'not-regular', `${path} changed while Keyward opened it; something else is replacing it; check the data directory and run keyward sync again`)
    return { dev: stats.dev, ino: stats.ino }
  } finally {
    closeSync(fd)
  }
}

/** Throws when the file at `path` is no longer the one `checked` described (swapped while SQLite opened it). */
export function confirmSameFile(path: string, checked: CheckedFile): void {
  const now = lstatOrNull(path)
  if (now === null || now.isSymbolicLink() || now.ino !== checked.ino || now.dev !== checked.dev) {
    throw new UnsafeFileError(path, 'symlink', `${path} was replaced while Keyward opened it; Keyward did not use it; check the data directory and run keyward sync again`)
  }
}
