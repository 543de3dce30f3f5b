import { type Stats, closeSync, constants, fstatSync, lstatSync, openSync, promises as fsPromises, readSync } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { KeywardError } from '../../../../shared/keyward-error'
import { lstatAsync } from './fs-async'

/*
 * The one way Keyward opens a file it reads or writes as its own state, or a file in a repository:
 * never through a symbolic link (O_NOFOLLOW, and an lstat where the platform has no such flag),
 * never blocking on a FIFO or a device (O_NONBLOCK, then regular files only), and never reading
 * more than a cap. It is on the helper's fast path: node:fs only, no zod, and no node:fs/promises at
 * load (see fs-async.ts): its lstat goes through fs-async.ts, and openNoFollow's FileHandle through
 * fs.promises, which Node loads on its first use (reading a project file), not at every helper start.
 */

/** Why a path was refused. */
export type UnsafeReason = 'symlink' | 'not-regular' | 'too-large' | 'foreign'

/** A file refused before (or instead of) being read; `reason` lets callers word their own advice. */
export class UnsafeFileError extends KeywardError {
  readonly reason: UnsafeReason
  readonly path: string

  constructor(path: string, reason: UnsafeReason, message: string) {
    super('INVALID_INPUT', message)
    this.reason = reason
    this.path = path
  }
}

/** True for an UnsafeFileError, also across realms (vitest workers). */
export function isUnsafeFileError(error: unknown): error is UnsafeFileError {
  return error instanceof UnsafeFileError || (error instanceof Error && 'reason' in error && 'path' in error && (error as { code?: unknown }).code === 'INVALID_INPUT')
}

// O_NOFOLLOW and O_NONBLOCK do not exist on Windows (0 there); the lstat below covers links.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0
const NONBLOCK = constants.O_NONBLOCK ?? 0

/** Flags for reading without following a link or blocking. */
export const READ_NOFOLLOW = constants.O_RDONLY | NOFOLLOW | NONBLOCK
/** Flags for appending to a state file (created 0600 when missing) without following a link. */
export const APPEND_NOFOLLOW = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NOFOLLOW | NONBLOCK
/** Flags for reading and appending (the audit log reads its last byte). */
export const READ_APPEND_NOFOLLOW = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | NOFOLLOW | NONBLOCK

function refusedLink(path: string): UnsafeFileError {
  return new UnsafeFileError(path, 'symlink', `${path} is a symbolic link; Keyward never follows links for files it reads or writes; replace it with a regular file (or remove it)`)
}

/** What a non-regular file is, for messages: "a directory", "a FIFO (named pipe)", "a device"… */
export function describeFileType(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link'
  if (stats.isDirectory()) return 'a directory'
  if (stats.isFIFO()) return 'a FIFO (named pipe)'
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device'
  if (stats.isSocket()) return 'a socket'
  return stats.isFile() ? 'a regular file' : 'not a regular file'
}

function refusedType(path: string, stats: Stats): UnsafeFileError {
  return new UnsafeFileError(path, 'not-regular', `${path} is ${describeFileType(stats)}, not a regular file; Keyward reads only regular files; replace it with one (or remove it)`)
}

function refusedOwner(path: string, stats: Stats): UnsafeFileError {
  return new UnsafeFileError(
    path,
    'foreign',
    `${path} belongs to another user (uid ${stats.uid}), so someone else put it there; Keyward did not use it; remove it (and check who can write its directory)`,
  )
}

function refusedSize(path: string, maxBytes: number): UnsafeFileError {
  return new UnsafeFileError(path, 'too-large', `${path} is larger than ${maxBytes} bytes, more than such a file ever needs; it was not read; shrink it or remove it`)
}

/** How a file is opened: `ownOnly` for Keyward's own state, which must belong to this user (or root). */
export interface NoFollowOptions {
  readonly ownOnly?: boolean
}

/** Throws the refusal for a link where the platform has no O_NOFOLLOW (Windows); elsewhere the open itself refuses. */
export async function refuseLinkWithoutNoFollow(path: string): Promise<void> {
  if (NOFOLLOW !== 0) return
  // The window between this check and the open is a platform limit (docs/threat-model.md).
  const before = await lstatAsync(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    throw error
  })
  if (before?.isSymbolicLink()) throw refusedLink(path)
}

/** The error to throw for a failed no-follow open: a link refusal for ELOOP (Linux, macOS) or EMLINK (FreeBSD), else `error`. */
export function openFailure(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ELOOP' || code === 'EMLINK' ? refusedLink(path) : error
}

/** Why an opened file may not be used (not a regular file; for state, another user's), or null. */
export function openedFileProblem(path: string, stats: Stats, options: NoFollowOptions = {}): UnsafeFileError | null {
  if (!stats.isFile()) return refusedType(path, stats)
  if (options.ownOnly && !ownedByUserOrRoot(stats)) return refusedOwner(path, stats)
  return null
}

/**
 * Opens `path` with `flags` (one of the *_NOFOLLOW sets above), refusing a symbolic link and, once
 * open, anything but a regular file (and, with `ownOnly`, a file of another user). ENOENT and other
 * system errors are thrown as they are, so callers can tell "missing" from "refused".
 */
export async function openNoFollow(path: string, flags: number, mode = 0o600, options: NoFollowOptions = {}): Promise<FileHandle> {
  await refuseLinkWithoutNoFollow(path)
  let handle: FileHandle
  try {
    handle = await fsPromises.open(path, flags, mode)
  } catch (error) {
    throw openFailure(path, error)
  }
  try {
    const problem = openedFileProblem(path, await handle.stat(), options)
    if (problem) throw problem
    return handle
  } catch (error) {
    await handle.close().catch(() => {})
    throw error
  }
}

/**
 * Reads a whole regular file of at most `maxBytes`, without following a link or blocking; null when
 * it does not exist (ENOENT, or a path through a non-directory). A link, a FIFO, a device, a
 * directory or a larger file is an UnsafeFileError naming the path; nothing past the cap is read,
 * even if the file grows meanwhile.
 */
export async function readFileNoFollow(path: string, maxBytes: number, options: NoFollowOptions = {}): Promise<Buffer | null> {
  return (await readStatedFileNoFollow(path, maxBytes, options))?.bytes ?? null
}

/** What readStatedFileNoFollow read: the bytes, and the stats of the very file they came from (its owner, its mode). */
export interface StatedFile {
  readonly bytes: Buffer
  readonly stats: Stats
}

/**
 * readFileNoFollow that also returns the fstat of the open file, so an owner check is about the
 * file that was read, not about whatever the path names a moment later.
 */
export async function readStatedFileNoFollow(path: string, maxBytes: number, options: NoFollowOptions = {}): Promise<StatedFile | null> {
  let handle: FileHandle
  try {
    handle = await openNoFollow(path, READ_NOFOLLOW, 0o600, options)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw error
  }
  try {
    const stats = await handle.stat()
    if (stats.size > maxBytes) throw refusedSize(path, maxBytes)
    const buffer = Buffer.alloc(Math.min(stats.size, maxBytes) + 1)
    let length = 0
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
    }
    if (length > maxBytes) throw refusedSize(path, maxBytes)
    return { bytes: buffer.subarray(0, length), stats }
  } finally {
    await handle.close().catch(() => {})
  }
}

/** The cap on a state file: far above what a config, manifest or usage segment ever needs. */
export const STATE_FILE_MAX_BYTES = 64 * 1024 * 1024

/**
 * readStateFile, synchronously: for the helper's fast path (one syscall round instead of four
 * thread-pool hops) and the socket's location (computed by server and helper alike). Same
 * refusals, null when missing; on Windows (no O_NOFOLLOW) a link is refused by the lstat first.
 */
export function readStateFileSync(path: string, maxBytes: number = STATE_FILE_MAX_BYTES): string | null {
  return readStateBytesSync(path, maxBytes)?.toString('utf8') ?? null
}

/** readStateFileSync's bytes (the status line reads usage segments with it: no thread-pool hops). */
export function readStateBytesSync(path: string, maxBytes: number = STATE_FILE_MAX_BYTES): Buffer | null {
  return readStatedStateFileSync(path, maxBytes)?.bytes ?? null
}

/** readStateBytesSync with the fstat of the very file read (its mode, for records that must be 0600). */
export function readStatedStateFileSync(path: string, maxBytes: number = STATE_FILE_MAX_BYTES): StatedFile | null {
  let fd: number
  try {
    if (NOFOLLOW === 0 && lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) throw refusedLink(path)
    fd = openSync(path, READ_NOFOLLOW)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw openFailure(path, error)
  }
  try {
    const stats = fstatSync(fd)
    const problem = openedFileProblem(path, stats, { ownOnly: true })
    if (problem) throw problem
    if (stats.size > maxBytes) throw refusedSize(path, maxBytes)
    // One byte more than the size: a file that grew meanwhile is refused, never read past the cap.
    const buffer = Buffer.alloc(stats.size + 1)
    let length = 0
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, length)
      if (read === 0) break
      length += read
    }
    if (length > maxBytes) throw refusedSize(path, maxBytes)
    return { bytes: buffer.subarray(0, length), stats }
  } finally {
    closeSync(fd)
  }
}

/**
 * Reads one of Keyward's own state files (config, budgets, caches, locks) as UTF-8: no link, a
 * regular file of this user, at most `maxBytes`; null when missing.
 */
export async function readStateFile(path: string, maxBytes: number = STATE_FILE_MAX_BYTES): Promise<string | null> {
  return (await readFileNoFollow(path, maxBytes, { ownOnly: true }))?.toString('utf8') ?? null
}

/** The current user's uid, or undefined where there are none (Windows). */
export function currentUid(): number | undefined {
  return process.getuid?.()
}

/** True when `stats` belongs to this user or to root: the owners whose files Keyward may act on. */
export function ownedByUserOrRoot(stats: Pick<Stats, 'uid'>, uid: number | undefined = currentUid()): boolean {
  return uid === undefined || stats.uid === uid || stats.uid === 0
}

/** True when `stats` belongs to this user (root counts only when it is the user): for what Keyward writes into. */
export function ownedByUser(stats: Pick<Stats, 'uid'>, uid: number | undefined = currentUid()): boolean {
  return uid === undefined || stats.uid === uid
}

/**
 * True when anyone but the owner (and the group) may create, rename or delete entries in the
 * directory `stats` describes: world-writable without the sticky bit. With the sticky bit (/tmp's
 * 1777) only an entry's owner may replace it, so an owner check of the entry is enough there.
 */
export function openToOthers(stats: Pick<Stats, 'mode'>): boolean {
  return (stats.mode & 0o002) !== 0 && (stats.mode & 0o1000) === 0
}

/** lstat (which never follows a link), with "nothing there" (ENOENT, or a path through a non-directory) as null. */
export async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstatAsync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw error
  }
}
