import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { Budget } from '../../../../shared/contract/budgets.contract'
import { localDateOf } from '../../../../shared/calendar'
import type { ServingConfig } from '../../platform/config/serving-config'
import { writeStateFile } from '../../platform/config/atomic-write'
import { readStatedStateFileSync } from '../../platform/fs/safe-file'
import { listCachedOrgs } from './cache-reader'
import { type BudgetFacts, type SpendSums, attributeOrgs, attributionInputs, completeToOf, spendSums } from './spend-sums'

/*
 * The status line's figures file (`<dataDir>/statusline-figures.json`, 0600): the app or daemon
 * writes, after each sync, the store's sums for every bound project and the default profile (spend-sums.ts,
 * the very code the line runs against the store), so that a line without its memo reads one small
 * file instead of opening the SQLite store (a measured part of its cold start; docs/performance.md).
 *
 * The file only ever saves time: it is used only for exactly the state it was computed from — the
 * same store (usage.db and its WAL by inode, size and nanosecond mtime, taken before and after the
 * sums, so a sync that wrote meanwhile makes the writer skip it), the same time zone and local day,
 * the same profiles, hints and bindings, the same budgets, and the same end of the complete hours.
 * Anything else (missing, older, damaged, not private, another user's, a link) and the line reads the store.
 */

export const FIGURES_FILE = 'statusline-figures.json'

/** The file is small (a few sums per project); anything larger is not one this code wrote. */
const FIGURES_MAX_BYTES = 1024 * 1024

/** What the figures are valid for besides the store: the reader compares each with its own. */
export interface FiguresContext {
  readonly config: Pick<ServingConfig, 'profiles' | 'bindings' | 'defaultProfile'>
  readonly budgets: readonly Budget[]
  readonly now: Date
  readonly timeZone: string
}

interface FiguresFile {
  readonly v: 1
  readonly store: string
  readonly timeZone: string
  readonly day: string
  readonly inputs: string
  readonly budgets: string
  readonly entries: Record<string, unknown>
}

/** The state of the usage store the figures were computed from: usage.db and its WAL (inode, size, mtime in ns); a missing file is "-". */
export function storeFingerprint(dataDir: string): string {
  return ['usage.db', 'usage.db-wal']
    .map((name) => {
      const stats = statSync(join(dataDir, name), { bigint: true, throwIfNoEntry: false })
      return stats === undefined ? '-' : `${stats.ino}:${stats.size}:${stats.mtimeNs}`
    })
    .join('/')
}

/** The entry's name for a profile and the bound project it came from (null: the default profile). */
export const figuresEntryKey = (profile: string, project: string | null): string => JSON.stringify([profile, project])

/** The (profile, project) pairs a line may ask for: each binding, and the default profile (no project). A project file's profile is not here: the line reads the store for it. */
function pairsOf(config: Pick<ServingConfig, 'bindings' | 'defaultProfile'>): [string, string | null][] {
  const pairs = config.bindings.map((b): [string, string | null] => [b.profile, b.directory])
  return config.defaultProfile ? [...pairs, [config.defaultProfile, null]] : pairs
}

/**
 * Computes the figures of every pair from the store and writes the file atomically (0600, never
 * through a link). Skipped (false) when the store changed while the sums were taken: the next sync
 * writes again, and the line reads the store meanwhile.
 */
export async function writeStatuslineFigures(dataDir: string, context: FiguresContext): Promise<boolean> {
  // Taken once the store is open (the first reader of a store creates its empty WAL) and again before it is closed.
  const all = listCachedOrgs(dataDir)
  const before = storeFingerprint(dataDir)
  const entries: Record<string, unknown> = {}
  let after: string
  try {
    const orgs = attributeOrgs(all, context.config)
    for (const [profile, project] of pairsOf(context.config)) entries[figuresEntryKey(profile, project)] = storedSums(spendSums(profile, project, orgs, context.budgets, context))
    after = storeFingerprint(dataDir)
  } finally {
    const open = all.find((o) => 'db' in o)
    if (open && 'db' in open) open.db.close()
  }
  if (after !== before) return false
  const file: FiguresFile = {
    v: 1,
    store: before,
    timeZone: context.timeZone,
    day: localDateOf(context.now.getTime(), context.timeZone),
    inputs: JSON.stringify(attributionInputs(context.config)),
    budgets: JSON.stringify(context.budgets),
    entries,
  }
  await writeStateFile(join(dataDir, FIGURES_FILE), JSON.stringify(file), { durable: false })
  return true
}

/** The figures for one pair when the file is current for this store, zone, day, config and budgets; null otherwise (read the store). */
export function readStatuslineFigures(dataDir: string, profile: string, project: string | null, context: FiguresContext): SpendSums | null {
  let file: Partial<FiguresFile>
  try {
    // This user's regular file, not a link (readStatedStateFileSync), and private as it was written: else not this code's.
    const read = readStatedStateFileSync(join(dataDir, FIGURES_FILE), FIGURES_MAX_BYTES)
    if (read === null || (read.stats.mode & 0o077) !== 0) return null
    file = JSON.parse(read.bytes.toString('utf8')) as Partial<FiguresFile>
  } catch {
    return null
  }
  if (typeof file !== 'object' || file === null || file.v !== 1 || typeof file.entries !== 'object' || file.entries === null) return null
  if (file.timeZone !== context.timeZone || file.day !== localDateOf(context.now.getTime(), context.timeZone)) return null
  if (file.inputs !== JSON.stringify(attributionInputs(context.config)) || file.budgets !== JSON.stringify(context.budgets)) return null
  if (file.store !== storeFingerprint(dataDir)) return null
  const sums = parseSums(Object.hasOwn(file.entries, figuresEntryKey(profile, project)) ? file.entries[figuresEntryKey(profile, project)] : undefined)
  // The projection's end of the complete hours moves with the clock only while a watermark is ahead of it.
  if (sums?.kind === 'sums' && completeToOf(sums.watermarks, context.now.getTime()) !== sums.completeTo) return null
  return sums
}

/** The sums as JSON (amounts as decimal strings). */
function storedSums(sums: SpendSums): unknown {
  if (sums.kind === 'none') return sums
  return { ...sums, today: String(sums.today), month: String(sums.month), complete: String(sums.complete) }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const amount = (v: unknown): bigint | null => (typeof v === 'string' && /^-?\d{1,30}$/.test(v) ? BigInt(v) : null)
const NONE = new Set(['no-usage', 'key-not-synced', 'unreadable'])

/** One stored entry checked by hand (this path loads no zod); null when it is not one this code wrote. */
function parseSums(v: unknown): SpendSums | null {
  if (!isObject(v)) return null
  if (v.kind === 'none') return typeof v.none === 'string' && NONE.has(v.none) && typeof v.message === 'string' ? { kind: 'none', none: v.none as 'no-usage', message: v.message } : null
  if (v.kind !== 'sums') return null
  const [today, month, complete] = [amount(v.today), amount(v.month), amount(v.complete)]
  if (today === null || month === null || complete === null || typeof v.completeTo !== 'number' || !Number.isFinite(v.completeTo)) return null
  if (!Array.isArray(v.watermarks) || v.watermarks.length === 0 || !v.watermarks.every((w) => w === null || (typeof w === 'string' && Number.isFinite(Date.parse(w))))) return null
  if (!Number.isSafeInteger(v.projects) || (v.lastSynced !== null && typeof v.lastSynced !== 'string')) return null
  const budget = v.budget === null ? null : parseBudget(v.budget)
  if (budget === undefined) return null
  return {
    kind: 'sums',
    today,
    month,
    complete,
    completeTo: v.completeTo,
    watermarks: v.watermarks as (string | null)[],
    projects: v.projects as number,
    lastSynced: v.lastSynced as string | null,
    budget,
  }
}

function parseBudget(v: unknown): BudgetFacts | undefined {
  if (!isObject(v) || typeof v.percent !== 'number' || !Number.isFinite(v.percent)) return undefined
  if ((v.state !== 'ok' && v.state !== 'warning' && v.state !== 'exceeded') || (v.period !== 'day' && v.period !== 'month')) return undefined
  return { percent: v.percent, state: v.state, period: v.period }
}
