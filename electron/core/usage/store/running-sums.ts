import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { KIND } from './bucket-kind'

/*
 * Running sums: for each series, the sum of its usage from the start of the data up to and
 * including a point (`usage_sums`), along the store's own timeline: a point per UTC day before
 * the hourly window (summing daily rows), then a point per hour inside it (carrying the last
 * day's sum and adding hourly rows). Any range the view answers is then the difference of the
 * sums at its two ends, so totals over a month read two rows per series instead of every row of
 * the month: the per-key and per-person totals of an org of any size cost a few thousand rows.
 *
 * The points are dense from a series' first point to the last (a series without usage in a
 * bucket carries its sum forward), so a lookup is one indexed read of the rows at one point. A
 * series without a row at a point has a sum of zero there: rows whose sums are all zero are not
 * written. Each window commit rebuilds the points it changed, inside its transaction, so they
 * always agree with the rows: a daily window from its first day on (the hourly points carry the
 * days before them), the hourly window its own points (they are replaced at each sync).
 */

const COLUMNS = ['uncached_input', 'cache_write_5m', 'cache_write_1h', 'cache_read', 'output', 'requests', 'cost'] as const

/** The hourly window's first hour for the sums: its start, or never when the org has no hourly window yet. */
function hourlyStart(db: DatabaseSync, org: number): number {
  const row = db.prepare('SELECT hourly_from_hour AS h FROM orgs WHERE id = ?').get(org) as { h: number | null } | undefined
  return row?.h === null || row?.h === undefined ? Number.MAX_SAFE_INTEGER : Number(row.h)
}

/**
 * Writes dense points from `from` to `to` (inclusive) every `step` hours, summing rows of `kind`
 * at or after `from` (and before `rowsBefore`) onto the sums at point `basePoint`.
 */
function writePoints(db: DatabaseSync, org: number, p: { from: number; to: number; step: number; kind: number; rowsBefore: number; basePoint: number }): void {
  if (p.to < p.from) return
  const sums = COLUMNS.map((c, i) => `coalesce(b.${c}, 0) + sum(coalesce(u.${c}, 0)) OVER w AS s${i}`).join(', ')
  const anyNonZero = COLUMNS.map((_, i) => `s${i} != 0`).join(' OR ')
  db.prepare(
    `WITH RECURSIVE steps(h) AS (SELECT :from UNION ALL SELECT h + :step FROM steps WHERE h + :step <= :to),
     live(series) AS (
       SELECT series FROM usage_sums WHERE org = :org AND start_hour = :base
       UNION SELECT DISTINCT series FROM usage WHERE org = :org AND kind = :kind AND start_hour >= :from AND start_hour <= :to AND start_hour < :before
     )
     INSERT INTO usage_sums (org, start_hour, series, ${COLUMNS.join(', ')})
     SELECT :org, h, series, s0, s1, s2, s3, s4, s5, s6 FROM (
       SELECT steps.h AS h, live.series AS series, ${sums}
       FROM live CROSS JOIN steps
       LEFT JOIN usage u ON u.org = :org AND u.kind = :kind AND u.start_hour = steps.h AND u.series = live.series AND u.start_hour < :before
       LEFT JOIN usage_sums b ON b.org = :org AND b.start_hour = :base AND b.series = live.series
       WINDOW w AS (PARTITION BY live.series ORDER BY steps.h ROWS UNBOUNDED PRECEDING)
     ) WHERE ${anyNonZero}`,
  ).run({ org, from: p.from, to: p.to, step: p.step, kind: p.kind, before: p.rowsBefore, base: p.basePoint })
}

/**
 * Rewrites an org's running sums from `fromHour` on: the daily points from that day (or from
 * the first day after the last point, when days were never fetched in between) up to the day
 * before the hourly window, then every hourly point. Run it inside the transaction that changed
 * the rows, after the org's hourly window start is updated.
 */
export function rebuildRunningSums(db: DatabaseSync, org: number, fromHour: number): void {
  const hourlyFrom = hourlyStart(db, org)
  const daily = db.prepare(`SELECT min(start_hour) AS lo, max(start_hour) AS hi FROM usage WHERE org = ? AND kind = ${KIND.daily} AND start_hour < ?`).get(org, hourlyFrom) as {
    lo: number | null
    hi: number | null
  }
  const lastDailyPoint = (db.prepare('SELECT max(start_hour) AS h FROM usage_sums WHERE org = ? AND start_hour < ?').get(org, hourlyFrom) as { h: number | null }).h
  // Points before the first daily row are all zero; without points yet, build from there.
  const firstRow = daily.lo === null ? hourlyFrom : Number(daily.lo)
  let from = Math.max(Math.min(Math.floor(fromHour / 24) * 24, hourlyFrom), firstRow)
  if (lastDailyPoint === null) from = firstRow
  else if (Number(lastDailyPoint) + 24 < from) from = Number(lastDailyPoint) + 24
  db.prepare('DELETE FROM usage_sums WHERE org = ? AND start_hour >= ?').run(org, from)
  // Daily points up to the day before the hourly window (carried over days without rows), or the last daily row without one.
  if (daily.hi !== null) {
    const to = hourlyFrom === Number.MAX_SAFE_INTEGER ? Number(daily.hi) : hourlyFrom - 24
    writePoints(db, org, { from, to, step: 24, kind: KIND.daily, rowsBefore: hourlyFrom, basePoint: from - 24 })
  }
  if (hourlyFrom === Number.MAX_SAFE_INTEGER) return
  const hourly = db.prepare(`SELECT max(start_hour) AS hi FROM usage WHERE org = ? AND kind = ${KIND.hourly}`).get(org) as { hi: number | null }
  if (hourly.hi === null) return
  // Every hourly point carries the day before the window: rebuilt whole (the window is replaced at each sync).
  writePoints(db, org, { from: hourlyFrom, to: Number(hourly.hi), step: 1, kind: KIND.hourly, rowsBefore: Number.MAX_SAFE_INTEGER, basePoint: hourlyFrom - 24 })
}

/** Rebuilds every org's running sums (a database from before they existed). */
export function rebuildAllRunningSums(db: DatabaseSync): void {
  for (const { org } of db.prepare('SELECT DISTINCT org FROM usage').all() as Array<{ org: number }>) rebuildRunningSums(db, Number(org), Number.MIN_SAFE_INTEGER)
}

/** The largest integer a float holds exactly; a sum past it is read as text. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER

/**
 * A series' running sums at one point, as an array: the series id, the six numbers, the cost as
 * a number when it is a safe integer (else 0), and the cost as text when it is not (else null).
 */
export type SumsRow = [number, number, number, number, number, number, number, number, string | null]

const SELECT = `SELECT series, ${COLUMNS.slice(0, 6).join(', ')}, iif(abs(cost) > ${MAX_SAFE}, 0, cost), iif(abs(cost) > ${MAX_SAFE}, CAST(cost AS TEXT), NULL) FROM usage_sums WHERE org = ? AND start_hour = ?`

/** How many points of every series a reader keeps (each a row per series: a few MB at 20,000 keys). */
const KEPT_POINTS = 4

/** Reads the running sums before an instant: of every series, or of some (series ids as JSON). */
export class RunningSumsReader {
  private readonly every: StatementSync
  private readonly some: StatementSync
  private last: number | null | undefined
  /** The rows of every series at the last few points read, oldest first. */
  private readonly recent = new Map<number, SumsRow[]>()

  constructor(
    private readonly db: DatabaseSync,
    private readonly org: number,
    private readonly hourlyFromHour: number,
  ) {
    this.every = db.prepare(SELECT)
    this.every.setReturnArrays(true)
    this.some = db.prepare(`${SELECT} AND series IN (SELECT value FROM json_each(?))`)
    this.some.setReturnArrays(true)
  }

  /** The last point (a later one has the same sums), or null when there are none. */
  private lastPoint(): number | null {
    if (this.last === undefined) {
      const row = this.db.prepare('SELECT max(start_hour) AS h FROM usage_sums WHERE org = ?').get(this.org) as { h: number | null }
      this.last = row.h === null ? null : Number(row.h)
    }
    return this.last
  }

  /**
   * The point holding the sums of every bucket wholly before `edge` (`lower`: a range starts
   * there) or ending by it (`upper`: a range ends there), as the view counts buckets: days before
   * the hourly window, hours inside it. For an edge the view snapped (a UTC midnight before the
   * window, an hour inside it) both are the point just before it. Null when there are no points.
   */
  point(edge: number, side: 'lower' | 'upper'): number | null {
    const last = this.lastPoint()
    if (last === null) return null
    const day = side === 'lower' ? Math.ceil(edge / 24) * 24 : Math.floor(edge / 24) * 24
    return Math.min(edge <= this.hourlyFromHour ? day - 24 : edge - 1, last)
  }

  /**
   * The sums at a point (from `point`); series without usage up to it are absent. The last few
   * points of every series are kept: the queries of one screen or command (a month's totals, its
   * projection, the trailing week) ask for the same ends again. A reader lives as long as its
   * view, which a commit replaces, so what it keeps is never stale.
   */
  at(point: number, seriesJson: string | null): SumsRow[] {
    if (seriesJson !== null) return this.some.all(this.org, point, seriesJson) as unknown as SumsRow[]
    const kept = this.recent.get(point)
    if (kept) return kept
    const rows = this.every.all(this.org, point) as unknown as SumsRow[]
    this.recent.set(point, rows)
    if (this.recent.size > KEPT_POINTS) this.recent.delete(this.recent.keys().next().value!)
    return rows
  }
}
