import { closeSync, lstatSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { writeStateFile } from '../../platform/config/atomic-write'
import { ensurePrivateDir } from '../../platform/fs/private-dir'
import { readStateFileSync } from '../../platform/fs/safe-file'
import {
  DamagedEstimatesError,
  type EstimatesStore,
  type MonthEstimates,
  type RecordOutcome,
  type SessionEstimate,
  emptyMonth,
  monthsBetween,
  parseMonth,
  previousMonth,
  serializeMonth,
  withSession,
} from './estimates'

/*
 * Estimates in the data directory: `<dataDir>/estimates/YYYY-MM.json`, one per month, read without
 * following a link (and refused when another user's or over MONTH_FILE_MAX_BYTES), replaced
 * atomically. The status line records from its own process, and two may run at once (two Claude
 * Code windows), so each read-modify-write holds `<dataDir>/estimates/YYYY-MM.lock` (created
 * exclusively). The status line must stay quick: a lock not had within LOCK_WAIT_MS is given up
 * and the figure not written, which loses nothing, since the next run records the session's
 * figure so far again. It loads only node: built-ins (the fast path's rule).
 */

/** The largest month file read: MAX_SESSIONS sessions and MAX_FOLDED totals with long project paths fit well within it. */
export const MONTH_FILE_MAX_BYTES = 4 * 1024 * 1024
/** How long the status line waits for another one's lock. */
export const LOCK_WAIT_MS = 300
/** A lock older than this was left by a process that died mid-write. */
const LOCK_STALE_MS = 10_000

/** The folder of the month files. */
export const estimatesDir = (dataDir: string): string => join(dataDir, 'estimates')
const monthFile = (dataDir: string, month: string): string => join(estimatesDir(dataDir), `${month}.json`)

/** Reads one month; an absent file is an empty month; a damaged one throws DamagedEstimatesError naming the file. */
export function readMonthFile(dataDir: string, month: string): MonthEstimates {
  const path = monthFile(dataDir, month)
  const source = readStateFileSync(path, MONTH_FILE_MAX_BYTES)
  if (source === null) return emptyMonth(month)
  try {
    return parseMonth(month, source)
  } catch (error) {
    if (error instanceof DamagedEstimatesError) throw new DamagedEstimatesError(`${path} is damaged (${error.message}); move it aside to start that month's estimates over`)
    throw error
  }
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms))

/**
 * Whether a lock was left behind by a crash: judged by its writer's pid, which no longer runs, not by
 * its age, because the wall clock and file times can disagree (a clock change, a shifted clock). A lock
 * without a readable pid (its writer died between creating and writing it) falls back to its age.
 */
function leftBehind(path: string): boolean {
  const pid = Number(readFileSync(path, 'utf8').trim())
  if (!Number.isSafeInteger(pid) || pid <= 0) return Date.now() - lstatSync(path).mtimeMs > LOCK_STALE_MS
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/** Runs `work` holding `path` as a lock (O_EXCL); null when it could not be had within `waitMs`. */
export async function withMonthLock<T>(path: string, work: () => Promise<T>, waitMs = LOCK_WAIT_MS): Promise<T | null> {
  const deadline = Date.now() + waitMs
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o600)
      writeSync(fd, String(process.pid))
      closeSync(fd)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return null
    }
    try {
      if (leftBehind(path)) unlinkSync(path)
    } catch {
      // Gone meanwhile: try again at once.
    }
    if (Date.now() >= deadline) return null
    await sleep(3)
  }
  try {
    return await work()
  } finally {
    try {
      unlinkSync(path)
    } catch {
      // Already broken as stale by another process: nothing to release.
    }
  }
}

/** The file-backed store over `dataDir`. */
export function fileEstimatesStore(dataDir: string): EstimatesStore {
  /** Applies `estimate` to `month` under its lock, re-reading it there (what another process wrote meanwhile is kept). */
  const update = async (month: string, estimate: SessionEstimate): Promise<RecordOutcome> => {
    const outcome = await withMonthLock(join(estimatesDir(dataDir), `${month}.lock`), async (): Promise<RecordOutcome> => {
      const next = withSession(readMonthFile(dataDir, month), estimate)
      if (next === null) return 'unchanged'
      // Not fsynced: the status line cannot wait on a busy disk, and what a crash could lose (the latest figure) the next run writes again.
      await writeStateFile(monthFile(dataDir, month), serializeMonth(next), { durable: false })
      return 'recorded'
    })
    return outcome ?? 'skipped'
  }
  return {
    async record(estimate) {
      const month = estimate.day.slice(0, 7)
      try {
        const current = readMonthFile(dataDir, month)
        const known = current.sessions.find((s) => s.sessionId === estimate.sessionId)
        // The same figure already there (most runs: no turn since): no lock, no write.
        if (known && withSession(current, estimate) === null) return 'unchanged'
        if (!known) {
          // A session that began last month stays there, counted once.
          const previous = previousMonth(month)
          if (readMonthFile(dataDir, previous).sessions.some((s) => s.sessionId === estimate.sessionId)) return await update(previous, { ...estimate, day: `${previous}-01` })
        }
        if (!known && estimate.micro === 0n) return 'unchanged'
        // The lock lives in the folder: made (private) before it is taken; never the data directory itself.
        lstatSync(dataDir)
        ensurePrivateDir(estimatesDir(dataDir), { role: "Keyward's estimates directory" })
        return await update(month, estimate)
      } catch {
        // A damaged or foreign month file, or a data directory that cannot be written: left as it is.
        return 'skipped'
      }
    },
    async months(fromMonth, toMonth) {
      return monthsBetween(fromMonth, toMonth)
        .map((month) => readMonthFile(dataDir, month))
        .filter((m) => m.sessions.length > 0 || m.folded.length > 0)
    },
  }
}
