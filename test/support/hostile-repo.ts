import { execFileSync } from 'node:child_process'
import { lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/*
 * A repository as an attacker ships it: files and symbolic links committed with git and cloned
 * (git keeps links, dangling or pointing anywhere), so a test sees exactly what `git clone` gives
 * a user. And a snapshot of files outside it, to show a run touched nothing there.
 */

/** One committed entry: a file with `text` (committed executable with `executable`), or a symbolic link to `link` (relative or absolute, as committed). */
export type RepoEntry = { readonly path: string; readonly text: string; readonly executable?: boolean } | { readonly path: string; readonly link: string }

function git(cwd: string, ...args: string[]): void {
  // No user or system git config: the test must not depend on (or change) the machine's.
  execFileSync('git', ['-c', 'user.name=attacker', '-c', 'user.email=attacker@example.invalid', '-c', 'core.symlinks=true', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    stdio: 'pipe',
    env: { PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: cwd },
  })
}

/** Commits `entries` in a fresh repository under `scratch` and clones it to `dest` (which must not exist); returns `dest`. */
export function cloneHostileRepo(scratch: string, dest: string, entries: readonly RepoEntry[]): string {
  const source = join(scratch, `.origin-${readdirSync(scratch).length}`)
  mkdirSync(source, { recursive: true })
  git(source, 'init', '-q')
  for (const entry of entries) {
    const path = join(source, entry.path)
    mkdirSync(dirname(path), { recursive: true })
    if ('link' in entry) symlinkSync(entry.link, path)
    else writeFileSync(path, entry.text, { mode: entry.executable ? 0o755 : 0o644 })
  }
  git(source, 'add', '-A')
  git(source, 'commit', '-q', '-m', 'hostile')
  mkdirSync(dirname(dest), { recursive: true })
  git(dirname(dest), 'clone', '-q', source, dest)
  return dest
}

/** What a tree holds, per path: type, bytes (or link target) and mtime; compare two with toEqual. */
export type TreeSnapshot = Record<string, string>

/** Snapshots everything under `roots` (links not followed), skipping paths under `skip`. */
export function snapshotTree(roots: readonly string[], skip: readonly string[] = []): TreeSnapshot {
  const out: TreeSnapshot = {}
  const visit = (path: string) => {
    if (skip.some((s) => path === s || path.startsWith(`${s}/`))) return
    let stats
    try {
      stats = lstatSync(path)
    } catch {
      return
    }
    if (stats.isSymbolicLink()) out[path] = `link -> ${readlinkSync(path)} @${stats.mtimeMs}`
    else if (stats.isDirectory()) {
      out[path] = `dir ${(stats.mode & 0o7777).toString(8)}`
      for (const name of readdirSync(path)) visit(join(path, name))
    } else if (stats.isFile()) out[path] = `file ${(stats.mode & 0o7777).toString(8)} @${stats.mtimeMs} ${readFileSync(path).toString('base64')}`
    else out[path] = `other ${stats.mode.toString(8)}`
  }
  for (const root of roots) visit(root)
  return out
}
