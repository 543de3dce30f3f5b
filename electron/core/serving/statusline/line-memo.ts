import { lstatSync } from 'node:fs'
import { join } from 'node:path'
import { writeStateFile } from '../../platform/config/atomic-write'
import { readStateFileSync } from '../../platform/fs/safe-file'

/*
 * The last lines `keyward statusline` printed (their parts, with a place kept for the fields read
 * afresh from each run's input: statusline-format.ts's LIVE_FIELDS, and the profile and project the
 * line was for, which the run's estimate is recorded against), so the next run (Claude Code runs one after every
 * turn) can skip the cache and the ICU start-up that time zones and money formatting cost (most of
 * its time). `<dataDir>/statusline-memo.json` holds up to MAX_ENTRIES {key, line, at}. A line is
 * reused only when its key is the same (the directory, the layout, the environment that shapes the
 * line, today's local date, and the size, mtime and inode of the config, the budgets, the usage
 * database and its write-ahead log, which every commit writes) and it is less than MEMO_MAX_AGE_MS old, so a sync, a new binding or budget, or midnight
 * shows at once; what only time changes (the projection, "synced N min ago", a stale marker, a
 * project file edited in the repository) shows within a minute. It holds no key material: the
 * line never does.
 */

/** How long a remembered line may be shown again. */
export const MEMO_MAX_AGE_MS = 60_000
const MAX_ENTRIES = 16
const FILE = 'statusline-memo.json'

const stamp = (path: string): string => {
  try {
    // lstat: a file swapped for a link to the old one must change the key.
    const s = lstatSync(path)
    return `${s.size}:${s.mtimeMs}:${s.ino}`
  } catch {
    return '-'
  }
}

/** The key of a line: everything it depends on that can be checked without the cache or ICU. */
export function memoKey(dataDir: string, directory: string, layout: unknown, env: NodeJS.ProcessEnv, now: Date): string {
  // The local date by the OS clock's zone (Date's local fields need no ICU): midnight changes the key.
  const day = `${now.getFullYear()}-${now.getMonth() + 1}-${now.getDate()}`
  const shaping = ['TZ', 'LANG', 'LC_ALL', 'LC_MONETARY', 'LC_NUMERIC', 'KEYWARD_SYNC_INTERVAL_MINUTES'].map((name) => env[name] ?? '')
  return JSON.stringify([
    2,
    directory,
    layout,
    shaping,
    day,
    stamp(join(dataDir, 'config.json')),
    stamp(join(dataDir, 'budgets.json')),
    // No database yet stamps '-': the first sync changes the key.
    stamp(join(dataDir, 'usage.db')),
    stamp(join(dataDir, 'usage.db-wal')),
  ])
}

/** What a remembered line holds: its parts (see formatParts) and the profile and project it is for (null: none applies). */
export interface MemoLine {
  readonly parts: readonly string[]
  readonly who: { readonly profile: string; readonly project: string | null } | null
}

type Entry = MemoLine & { key: string; at: number }

const isWho = (who: unknown): boolean =>
  who === null || (typeof (who as { profile?: unknown })?.profile === 'string' && ((who as { project?: unknown }).project === null || typeof (who as { project?: unknown }).project === 'string'))

function readEntries(dataDir: string): Entry[] {
  try {
    const json: unknown = JSON.parse(readStateFileSync(join(dataDir, FILE), 256 * 1024) ?? '[]')
    return Array.isArray(json)
      ? json.filter((e): e is Entry => typeof e?.key === 'string' && Array.isArray(e.parts) && e.parts.every((p: unknown) => typeof p === 'string') && isWho(e.who) && typeof e.at === 'number')
      : []
  } catch {
    // A damaged memo, a link or another user's file: not used (and replaced by the next write).
    return []
  }
}

/** The remembered line for `key`, if it is young enough; else null. */
export function recallLine(dataDir: string, key: string, nowMs: number): MemoLine | null {
  const hit = readEntries(dataDir).find((e) => e.key === key)
  return hit && nowMs - hit.at >= 0 && nowMs - hit.at < MEMO_MAX_AGE_MS ? { parts: hit.parts, who: hit.who } : null
}

/** Remembers `line` for `key` (best effort: a data directory that cannot be written only costs the next run its speed). */
export async function rememberLine(dataDir: string, key: string, line: MemoLine, nowMs: number): Promise<void> {
  // Never the one to create the data directory: a user who has not set Keyward up gets no files from it.
  if (stamp(dataDir) === '-') return
  const entries = [{ key, parts: line.parts, who: line.who, at: nowMs }, ...readEntries(dataDir).filter((e) => e.key !== key && nowMs - e.at < MEMO_MAX_AGE_MS)].slice(0, MAX_ENTRIES)
  await writeStateFile(join(dataDir, FILE), JSON.stringify(entries)).catch(() => {})
}
