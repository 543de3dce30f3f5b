import { lstatSync, mkdirSync } from 'node:fs'
import { enableCompileCache } from 'node:module'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'

/*
 * Node's module compile cache for the CLI's entries (electron/cli/main.ts, statusline-main.ts; not
 * the helper, for which it cost more than it saved): V8's compiled code of their modules, kept
 * between runs, saves part of each start (measured in bench/run.js). Compiled code is code: a cache another user could write or swap
 * would run as this user, so it is used only in a directory that is this user's alone.
 */

/** The compile cache's directory: `$XDG_CACHE_HOME/keyward-compile-cache`, else `~/.cache/…`; null on Windows (not used there). */
export function compileCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home: () => string = homedir): string | null {
  if (platform === 'win32') return null
  const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(home(), '.cache')
  return join(base, 'keyward-compile-cache')
}

/**
 * True when `dir` may hold compiled code: a real directory (not a link), this user's, with no access
 * for anyone else, in a parent that is this user's or root's and that nobody else may write (so the
 * directory cannot be swapped after this check). Creates it (and a missing parent, such as a new
 * ~/.cache) 0700; mkdir never follows a link in the last component.
 */
export function isPrivateCacheDir(dir: string, uid: number): boolean {
  try {
    makeDir(dirname(dir))
    const parent = lstatSync(dirname(dir))
    if (!parent.isDirectory() || (parent.uid !== uid && parent.uid !== 0) || (parent.mode & 0o022) !== 0) return false
    makeDir(dir)
    const own = lstatSync(dir)
    return own.isDirectory() && own.uid === uid && (own.mode & 0o077) === 0
  } catch {
    return false
  }
}

/** mkdir 0700 of one level; an existing entry is left for lstat to judge. */
function makeDir(path: string): void {
  try {
    mkdirSync(path, { mode: 0o700 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
}

/** Turns on the compile cache in the private directory; anything amiss (no home, a shared or linked directory) leaves it off: it only saves time. */
export function enablePrivateCompileCache(env: NodeJS.ProcessEnv = process.env): void {
  if (env.KEYWARD_COMPILE_CACHE === '0' || typeof process.getuid !== 'function') return
  try {
    const dir = compileCacheDir(env)
    if (dir !== null && isPrivateCacheDir(dir, process.getuid())) enableCompileCache(dir)
  } catch {
    // No home directory or an older Node: start without the cache.
  }
}
