import { fromAmount, toAmount } from '../../../../shared/money'

/*
 * Claude Code's own estimate of what its sessions cost (cost.total_cost_usd on the status line's
 * stdin), kept for people who hold no Admin key for the org that pays: the only spend Keyward can
 * show them. One month of it is a small document: each session once, at the latest figure seen,
 * against the day it was first seen, the profile its directory got and the bound project (null for
 * the default profile). These are estimates, never mixed into the server's figures.
 *
 * The document is bounded whatever the status line is fed: at most MAX_SESSIONS sessions (beyond
 * that the least recently updated are folded into per-day, per-profile totals), at most
 * MAX_FOLDED totals (beyond that a total loses its project), session ids and costs checked, and a
 * damaged entry dropped when read rather than trusted.
 */

/** Most sessions a month keeps one by one. */
export const MAX_SESSIONS = 300
/** Most folded totals a month keeps by project; beyond it they are kept by profile and day only. */
export const MAX_FOLDED = 1_000
/** The most one session may have cost, in micro-cents ($100,000): anything above is not believed. */
export const MAX_SESSION_MICRO = 100_000n * 100_000_000n

const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

/** One session's latest figure, as the status line records it. */
export interface SessionEstimate {
  readonly sessionId: string
  /** The local day (YYYY-MM-DD) the session was first seen; its month names the file. */
  readonly day: string
  readonly profile: string
  /** The bound project directory whose binding gave the profile; null for the default profile. */
  readonly project: string | null
  /** Claude Code's total_cost_usd, in micro-cents. */
  readonly micro: bigint
  /** When this figure was recorded (ms since the epoch): the oldest are folded first. */
  readonly at: number
}

/** Sessions folded together once a month held too many: their sum, per day, profile and project. */
export interface FoldedEstimate {
  readonly day: string
  readonly profile: string
  readonly project: string | null
  readonly micro: bigint
  readonly sessions: number
}

/** One month's estimates. */
export interface MonthEstimates {
  readonly month: string
  readonly sessions: readonly SessionEstimate[]
  readonly folded: readonly FoldedEstimate[]
}

/** What recording did: wrote a new figure, found the same one already there, or could not (see the store). */
export type RecordOutcome = 'recorded' | 'unchanged' | 'skipped'

/** Where estimates are kept: the data directory's month files, or memory (tests). */
export interface EstimatesStore {
  /** Records a session's latest figure (a session already kept elsewhere in the previous month is updated there). */
  record(estimate: SessionEstimate): Promise<RecordOutcome>
  /** The months from `fromMonth` to `toMonth` (YYYY-MM, both included) that hold any estimates. */
  months(fromMonth: string, toMonth: string): Promise<MonthEstimates[]>
}

/** True for a plausible session id (what Claude Code writes: a UUID). */
export const isSessionId = (id: unknown): id is string => typeof id === 'string' && SESSION_ID.test(id)
/** True for YYYY-MM-DD with a real month and a day of 01-31. */
export const isDay = (day: unknown): day is string => typeof day === 'string' && DAY.test(day)
/** True for YYYY-MM. */
export const isMonth = (month: unknown): month is string => typeof month === 'string' && MONTH.test(month)

/** The month before `month` (YYYY-MM). */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** The months from `from` to `to` (YYYY-MM), both included, at most `max` of the latest. */
export function monthsBetween(from: string, to: string, max = 120): string[] {
  const out: string[] = []
  for (let month = to; month >= from && out.length < max; month = previousMonth(month)) out.unshift(month)
  return out
}

/** An empty month. */
export const emptyMonth = (month: string): MonthEstimates => ({ month, sessions: [], folded: [] })

const believable = (micro: bigint): boolean => micro >= 0n && micro <= MAX_SESSION_MICRO

/**
 * `month` with `estimate` in it: its earlier figure replaced (keeping the day it was first seen),
 * or added; then the least recently updated sessions folded past MAX_SESSIONS. null when nothing
 * would change (the same figure, profile and project), or the figure is not believable.
 */
export function withSession(month: MonthEstimates, estimate: SessionEstimate): MonthEstimates | null {
  if (!isSessionId(estimate.sessionId) || !believable(estimate.micro) || !isDay(estimate.day)) return null
  const before = month.sessions.find((s) => s.sessionId === estimate.sessionId)
  if (before && before.micro === estimate.micro && before.profile === estimate.profile && before.project === estimate.project) return null
  if (!before && estimate.micro === 0n) return null
  const entry = before ? { ...estimate, day: before.day } : estimate
  const sessions = [...month.sessions.filter((s) => s.sessionId !== estimate.sessionId), entry]
  return foldOldest({ ...month, sessions })
}

/** Folds the least recently updated sessions past MAX_SESSIONS into the month's totals, then caps the totals. */
export function foldOldest(month: MonthEstimates): MonthEstimates {
  if (month.sessions.length <= MAX_SESSIONS && month.folded.length <= MAX_FOLDED) return month
  const byAge = [...month.sessions].sort((a, b) => a.at - b.at)
  const cut = Math.max(0, byAge.length - MAX_SESSIONS)
  let folded = [...month.folded]
  for (const s of byAge.slice(0, cut)) folded = addFolded(folded, { day: s.day, profile: s.profile, project: s.project, micro: s.micro, sessions: 1 })
  if (folded.length > MAX_FOLDED) folded = folded.reduce<FoldedEstimate[]>((all, f) => addFolded(all, { ...f, project: null }), [])
  return { month: month.month, sessions: byAge.slice(cut), folded }
}

function addFolded(list: FoldedEstimate[], add: FoldedEstimate): FoldedEstimate[] {
  const i = list.findIndex((f) => f.day === add.day && f.profile === add.profile && f.project === add.project)
  if (i < 0) return [...list, add]
  const next = [...list]
  next[i] = { ...add, micro: list[i]!.micro + add.micro, sessions: list[i]!.sessions + add.sessions }
  return next
}

/** The month file's text. */
export function serializeMonth(month: MonthEstimates): string {
  return JSON.stringify({
    version: 1,
    month: month.month,
    sessions: month.sessions.map((s) => ({ id: s.sessionId, day: s.day, profile: s.profile, project: s.project, cost: toAmount(s.micro), at: s.at })),
    folded: month.folded.map((f) => ({ day: f.day, profile: f.profile, project: f.project, cost: toAmount(f.micro), sessions: f.sessions })),
  })
}

/** A month file that is not one (not JSON, another month, another version): it is left alone, never overwritten. */
export class DamagedEstimatesError extends Error {}

const text = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max
const dollars = (value: unknown): bigint | null => {
  // Up to 15 whole digits: a folded total of many sessions, still exact and bounded in length.
  return typeof value === 'string' && /^\d{1,15}(\.\d{1,8})?$/.test(value) ? fromAmount(value) : null
}

/**
 * Reads a month file's text. The document as a whole must be this month's, version 1; an entry
 * that is not what Keyward writes (a bad id, day of another month, cost not an exact decimal or
 * beyond belief) is dropped, and the caps are applied again, so an edited file cannot make the
 * figures absurd or the next write larger.
 */
export function parseMonth(month: string, source: string): MonthEstimates {
  let json: unknown
  try {
    json = JSON.parse(source)
  } catch {
    throw new DamagedEstimatesError('it is not JSON')
  }
  const doc = json as { version?: unknown; month?: unknown; sessions?: unknown; folded?: unknown } | null
  if (typeof doc !== 'object' || doc === null || doc.version !== 1 || doc.month !== month || !Array.isArray(doc.sessions) || !Array.isArray(doc.folded))
    throw new DamagedEstimatesError(`it is not a version 1 estimates file for ${month}`)
  const inMonth = (day: unknown): day is string => isDay(day) && day.startsWith(`${month}-`)
  const project = (value: unknown): string | null | undefined => (value === null ? null : text(value, 4096) ? value : undefined)
  const sessions: SessionEstimate[] = []
  const seen = new Set<string>()
  for (const raw of doc.sessions as Array<Record<string, unknown> | null>) {
    const micro = dollars(raw?.cost)
    const p = project(raw?.project)
    if (!raw || !isSessionId(raw.id) || seen.has(raw.id) || !inMonth(raw.day) || !text(raw.profile, 256) || p === undefined || micro === null || !believable(micro)) continue
    if (typeof raw.at !== 'number' || !Number.isFinite(raw.at)) continue
    seen.add(raw.id)
    sessions.push({ sessionId: raw.id, day: raw.day, profile: raw.profile, project: p, micro, at: raw.at })
  }
  const folded: FoldedEstimate[] = []
  for (const raw of doc.folded as Array<Record<string, unknown> | null>) {
    const micro = dollars(raw?.cost)
    const p = project(raw?.project)
    if (!raw || !inMonth(raw.day) || !text(raw.profile, 256) || p === undefined || micro === null) continue
    if (typeof raw.sessions !== 'number' || !Number.isSafeInteger(raw.sessions) || raw.sessions < 1) continue
    folded.push({ day: raw.day, profile: raw.profile, project: p, micro, sessions: raw.sessions })
  }
  return foldOldest({ month, sessions, folded })
}
