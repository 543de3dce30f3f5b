import { type Stats, chmodSync, lstatSync, mkdirSync, realpathSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { KeywardError } from '../../../../shared/keyward-error'
import { currentUid } from './safe-file'

/*
 * The one check for a directory that holds Keyward's state or its key socket: the data directory,
 * `<data>/run`, `$XDG_RUNTIME_DIR/keyward-*` and the tmp fallback. Such a directory must be a
 * directory (or a link, owned by this user or root, to one) that belongs to this user, and no
 * other user may be able to swap it: every directory above it (on the path as given and on its
 * real path, up to /) must belong to this user or root and be writable by nobody else unless
 * sticky (as /tmp is) — OpenSSH's StrictModes walk, so no rename higher up can redirect Keyward
 * between a check and an open. A directory that is ours but open to group or other is tightened
 * to 0700, with one warning: its files keep their own 0600 modes, and state files planted by
 * another user meanwhile are refused when opened (safe-file.ts, `ownOnly`). On the helper's fast
 * path: node:fs only, a few stat calls, no zod.
 */

/** Why a directory is not private: missing, not a directory, another user's, open to others, or swappable through a directory above it. */
export type DirProblemKind = 'missing' | 'not-dir' | 'foreign' | 'too-open' | 'swappable'

/** A directory that may not be used as it is, and the message that says what to do. */
export interface DirProblem {
  readonly kind: DirProblemKind
  readonly dir: string
  /** The directory a link points to (the one to tighten); the same as `dir` otherwise. */
  readonly real: string
  readonly mode: number
  readonly message: string
}

const octal = (mode: number): string => `0${(mode & 0o7777).toString(8)}`

/** True when other users than the owner may create, remove or rename entries of a directory with these stats. */
function othersMayRename(stats: Stats): boolean {
  return (stats.mode & 0o022) !== 0 && (stats.mode & 0o1000) === 0
}

/** Every directory above `path`, nearest first, up to the root. */
function ancestors(path: string): string[] {
  const found: string[] = []
  for (let current = dirname(resolve(path)); ; current = dirname(current)) {
    found.push(current)
    if (dirname(current) === current) return found
  }
}

/** Why the ancestor `parent` lets another user replace `dir`, or null. */
function parentProblem(parent: string, dir: string, role: string, uid: number): string | null {
  let stats: Stats
  try {
    stats = statSync(parent)
  } catch {
    return null
  }
  if (stats.uid !== uid && stats.uid !== 0) {
    return `${role} ${dir} is inside ${parent}, which belongs to another user (uid ${stats.uid}) who could replace it; Keyward will not use it; choose a directory of your own (set KEYWARD_HOME)`
  }
  if (othersMayRename(stats)) {
    return `${role} ${dir} is inside ${parent}, which other users may write (mode ${octal(stats.mode)}, not sticky), so they could replace it; Keyward will not use it; run: chmod go-w ${parent} (or set KEYWARD_HOME to a directory of your own)`
  }
  return null
}

/**
 * What is wrong with `dir` as a private directory of this user, or null when nothing is. Changes
 * nothing, so the helper can use it on a socket directory it does not own. `role` names the
 * directory in messages ("Keyward's data directory").
 */
export function inspectPrivateDir(dir: string, role: string, uid: number | undefined = currentUid()): DirProblem | null {
  const problem = (kind: DirProblemKind, message: string, real = dir, mode = 0): DirProblem => ({ kind, dir, real, mode, message })
  let link: Stats
  try {
    link = lstatSync(dir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return problem('missing', `${role} ${dir} does not exist`)
    return problem('not-dir', `${role} ${dir} cannot be checked (${code ?? (error as Error).message}); remove it or set KEYWARD_HOME to a directory of your own`)
  }
  let real = dir
  let stats = link
  if (link.isSymbolicLink()) {
    if (uid !== undefined && link.uid !== uid && link.uid !== 0) {
      return problem('foreign', `${role} ${dir} is a symbolic link that belongs to another user (uid ${link.uid}); Keyward will not use it; remove it and start again`)
    }
    try {
      real = realpathSync(dir)
      stats = statSync(real)
    } catch {
      return problem('not-dir', `${role} ${dir} is a symbolic link to nothing; remove it and start again`)
    }
  }
  if (!stats.isDirectory()) return problem('not-dir', `${role} ${dir} is not a directory; remove it (or set KEYWARD_HOME to a directory of your own) and start again`, real)
  // Windows has no uids or POSIX modes here: the per-user profile directory's ACL is what protects it.
  if (uid === undefined) return null
  if (stats.uid !== uid) {
    return problem(
      'foreign',
      `${role} ${dir} belongs to another user (uid ${stats.uid}); Keyward will not keep keys' metadata or serve keys from it; remove it, or set KEYWARD_HOME to a directory of your own`,
      real,
    )
  }
  for (const parent of new Set([...ancestors(dir), ...ancestors(real)])) {
    const message = parentProblem(parent, dir, role, uid)
    if (message) return problem('swappable', message, real)
  }
  if ((stats.mode & 0o077) !== 0) return problem('too-open', `${role} ${dir} is open to other users (mode ${octal(stats.mode)})`, real, stats.mode)
  return null
}

/** Directories already warned about, so a long-running daemon says it once. */
const warned = new Set<string>()

/** How `ensurePrivateDir` behaves: what the directory is called (the data directory by default), create a missing one (default), where the one warning goes. */
export interface EnsurePrivateDirOptions {
  readonly role?: string
  readonly create?: boolean
  readonly warn?: (line: string) => void
}

/**
 * Makes sure `dir` is a private directory of this user: creates a missing one 0700 (unless
 * `create: false`, then answers false), tightens one that is ours but open to others to 0700
 * (warning once), and throws CONFLICT with what to do for one that is another user's, not a
 * directory, or swappable through a directory above it. True when the directory exists and is private.
 */
export function ensurePrivateDir(dir: string, options: EnsurePrivateDirOptions = {}): boolean {
  const role = options.role ?? "Keyward's data directory"
  let problem = inspectPrivateDir(dir, role)
  if (problem?.kind === 'missing') {
    if (options.create === false) return false
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    problem = inspectPrivateDir(dir, role)
  }
  if (problem?.kind === 'too-open') {
    chmodSync(problem.real, 0o700)
    if (!warned.has(problem.real)) {
      warned.add(problem.real)
      const line = `keyward: ${problem.message}; Keyward made it private (0700)`
      if (options.warn) options.warn(line)
      else process.stderr.write(`${line}\n`)
    }
    return true
  }
  if (problem) throw new KeywardError('CONFLICT', problem.message)
  return true
}
