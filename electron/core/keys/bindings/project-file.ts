import { type Stats } from 'node:fs'
import { join } from 'node:path'
import { lstatAsync } from '../../platform/fs/fs-async'
import { KeywardError } from '../../../../shared/keyward-error'
import { isProfileName } from '../../../../shared/profile-name'
import { currentUid, describeFileType, isUnsafeFileError, lstatOrNull, openToOthers, ownedByUserOrRoot, readStatedFileNoFollow } from '../../platform/fs/safe-file'

/** The file a repository may commit to propose a profile: `{"profile": "name"}`. */
export const PROJECT_FILE = '.keyward.json'

/** Larger than any honest `.keyward.json`; bigger files are refused unread. */
const MAX_BYTES = 64 * 1024

/** A `.keyward.json` as found on disk: where, what it proposes, and the hash an allow record must match. */
export interface ProjectFile {
  readonly directory: string
  readonly path: string
  readonly profile: string
  readonly sha256: string
}

/** A `.keyward.json` that resolution passes over as if it were not there, and why (`keyward which` says so). */
export interface IgnoredProjectFile {
  readonly directory: string
  readonly path: string
  readonly ignored: string
}

/** True for a file resolution passes over. */
export function isIgnoredProjectFile(file: ProjectFile | IgnoredProjectFile): file is IgnoredProjectFile {
  return 'ignored' in file
}

/**
 * Reads `<directory>/.keyward.json` (`uid` is "you"; injectable for tests). Null when there is none.
 *
 * Whose file counts: the file must belong to you or root, and so must the directory it is in,
 * and that directory must not be writable by every user without the sticky bit. Otherwise it is
 * returned as ignored, unread: another user could have put it there (a `/tmp/.keyward.json`
 * planted in root's sticky /tmp belongs to them, so the file's owner is checked as well as the
 * directory's), and it must neither pick a key nor, unallowed, fail every directory below it.
 * Group-writable directories are accepted: with user-private groups (Ubuntu's umask 002) most
 * checkouts are 0775, and a file another group member creates is theirs, so ignored anyway.
 * The owner checks come first, on lstat, so a FIFO or a link planted by someone else is ignored
 * too; the owner is checked again on the opened file, so a swap in between is caught.
 *
 * A file of yours that is not a regular file of at most 64 KiB (a symbolic link, say to
 * /dev/zero, a FIFO, a device, a directory) or that is malformed is INVALID_INPUT naming the file:
 * it is refused, not skipped, like a malformed one, because its owner must see it. Nothing blocks
 * and nothing past the cap is read (safe-file.ts). node:fs only: the helper's fast path loads this.
 */
export async function readProjectFile(directory: string, uid: number | undefined = currentUid()): Promise<ProjectFile | IgnoredProjectFile | null> {
  const path = join(directory, PROJECT_FILE)
  const refused = (why: string, fix = 'fix or delete it') =>
    new KeywardError('INVALID_INPUT', `${path} is not a valid project file (${why}); it must be a regular file holding {"profile": "<name>"}: ${fix}`)
  // EACCES: a directory you cannot search holds no project file for you (as before this check).
  const entry = await lstatOrNull(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EACCES') return null
    throw error
  })
  if (entry === null) return null
  const distrust = await distrusted(directory, entry, uid)
  if (distrust !== null) return { directory, path, ignored: distrust }
  if (entry.isSymbolicLink()) throw refused('a symbolic link, which Keyward never follows in a project', 'replace it with a regular file or delete it')
  if (!entry.isFile()) throw refused(`${describeFileType(entry)}, not a regular file`, 'replace it with a regular file or delete it')
  let read: Awaited<ReturnType<typeof readStatedFileNoFollow>>
  try {
    read = await readStatedFileNoFollow(path, MAX_BYTES)
  } catch (error) {
    if (isUnsafeFileError(error)) {
      if (error.reason === 'too-large') throw refused(`larger than ${MAX_BYTES} bytes`)
      throw refused(
        error.reason === 'symlink' ? 'it was replaced by a symbolic link while being read' : 'it was replaced by something other than a regular file while being read',
        'replace it with a regular file or delete it',
      )
    }
    if ((error as NodeJS.ErrnoException).code === 'EACCES') return { directory, path, ignored: 'you cannot read it (permission denied)' }
    throw error
  }
  if (read === null) return null
  if (!ownedByUserOrRoot(read.stats, uid)) return { directory, path, ignored: foreignOwner(read.stats) }
  const bytes = read.bytes
  let json: unknown
  try {
    json = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw refused('not JSON')
  }
  const profile = (json as { profile?: unknown } | null)?.profile
  if (!isProfileName(profile)) {
    throw refused('"profile" is missing or not a profile name')
  }
  // node:crypto loads only when a project file exists: it costs the helper's start-up several milliseconds.
  const { createHash } = await import('node:crypto')
  return { directory, path, profile, sha256: createHash('sha256').update(bytes).digest('hex') }
}

/** Why a project file another user could have put in place does not count, or null when it does. */
async function distrusted(directory: string, entry: Stats, uid: number | undefined): Promise<string | null> {
  // No uids (Windows): ownership and these mode bits mean nothing there; ACLs are the profile's own.
  if (uid === undefined) return null
  if (!ownedByUserOrRoot(entry, uid)) return foreignOwner(entry)
  const dir = await lstatAsync(directory)
  if (!dir.isDirectory()) return `${directory} stopped being a directory while it was read`
  if (!ownedByUserOrRoot(dir, uid)) return `the directory ${directory} belongs to uid ${dir.uid}, neither you nor root, so its owner could have put it there`
  if (openToOthers(dir))
    return `the directory ${directory} is writable by every user (mode ${(dir.mode & 0o7777).toString(8)}, no sticky bit), so anyone could have put it there; run: chmod o-w ${directory}`
  return null
}

function foreignOwner(stats: Stats): string {
  return `it belongs to uid ${stats.uid}, neither you nor root, so another user put it there`
}
