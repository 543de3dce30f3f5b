import { lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'

/*
 * Before the database, the usage cache was a directory per org under `<dataDir>/usage/` (a
 * manifest.json and segment files in a format of Keyward's own). Those files are not decoded
 * (the decoder is gone): they are removed and the org resyncs, which the caller says in one line.
 * The Claude Code report was one JSON file per org under `<dataDir>/claude-code/`: removed the
 * same way (its days are fetched again into the database). Nothing is followed: a link is removed
 * as a link, and only regular files, links and the directories themselves are deleted.
 */

/** Removes one entry without following it; true when it was a file or a link. */
function removeEntry(path: string): boolean {
  const stats = lstatSync(path)
  if (stats.isFile() || stats.isSymbolicLink()) {
    unlinkSync(path)
    return true
  }
  return false
}

/** Removes `dir` when it is a link (as a link), or its files and links and then itself when it is a directory; true when it was a directory. */
function removeFlatDir(dir: string): boolean {
  let stats
  try {
    stats = lstatSync(dir)
  } catch {
    return false
  }
  if (stats.isSymbolicLink()) unlinkSync(dir)
  if (!stats.isDirectory()) return false
  for (const file of readdirSync(dir)) removeEntry(join(dir, file))
  try {
    rmdirSync(dir)
  } catch {
    // Something other than files was inside: left for the user to look at.
  }
  return true
}

/**
 * Removes the old per-org usage caches under `<dataDir>/usage/` and the old Claude Code report
 * files under `<dataDir>/claude-code/`, if any, and returns how many org usage caches there were
 * (0 when none). An entry that is neither a file, a link nor a directory of files is left where it is.
 */
export function dropLegacyCache(dataDir: string): number {
  removeFlatDir(join(dataDir, 'claude-code'))
  const root = join(dataDir, 'usage')
  let top
  try {
    top = lstatSync(root)
  } catch {
    return 0
  }
  if (top.isSymbolicLink()) {
    unlinkSync(root)
    return 0
  }
  if (!top.isDirectory()) return 0
  let orgs = 0
  for (const name of readdirSync(root)) {
    const dir = join(root, name)
    if (removeEntry(dir)) continue
    if (!lstatSync(dir).isDirectory()) continue
    if (readdirSync(dir).includes('manifest.json')) orgs += 1
    removeFlatDir(dir)
  }
  try {
    rmdirSync(root)
  } catch {
    // Not empty: see above.
  }
  return orgs
}
