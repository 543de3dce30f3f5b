import { lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'

/*
 * Before the database, the usage cache was a directory per org under `<dataDir>/usage/` (a
 * manifest.json and segment files in a format of Keyward's own). Those files are not decoded
 * (the decoder is gone): they are removed and the org resyncs, which the caller says in one line.
 * Nothing is followed: a link is removed as a link, and only regular files, links and the org
 * directories themselves are deleted.
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

/**
 * Removes the old per-org usage caches under `<dataDir>/usage/`, if any, and returns how many org
 * caches there were (0 when none). An entry that is neither a file, a link nor a directory of
 * files is left where it is.
 */
export function dropLegacyCache(dataDir: string): number {
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
    const files = readdirSync(dir)
    if (files.includes('manifest.json')) orgs += 1
    for (const file of files) removeEntry(join(dir, file))
    try {
      rmdirSync(dir)
    } catch {
      // Something other than files was inside: left for the user to look at.
    }
  }
  try {
    rmdirSync(root)
  } catch {
    // Not empty: see above.
  }
  return orgs
}
