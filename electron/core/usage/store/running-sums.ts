import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { KIND } from './bucket-kind'
import { PointAccumulator, packedOf } from './packed-point'

/*
 * Running sums: for each series, the sum of its usage from the start of the data up to and
 * including a point, along the store's own timeline: a point per UTC day before the hourly
 * window (summing daily rows), then a point per hour inside it (carrying the last day's sum and
 * adding hourly rows). Any range the view answers is then the difference of the sums at its two
 * ends, so totals over a month read two points instead of every row of the month.
 *
 * A point is one row of `usage_points`: every series with a non-zero sum there, packed as
 * float64s (packed-point.ts). Reading it is one row and one copy, whatever the org's size: at
 * 20,000 keys a point holds some 35,000 series, which as one row each cost ~15 ms to read and
 * left as many arrays for the collector. Each window commit rebuilds the points it changed,
 * inside its transaction, so they always agree with the rows: a daily window from its first day
 * on (the hourly points carry the days before them), the hourly window its own points (they are
 * replaced at each sync).
 */

/** The hourly window's first hour for the sums: its start, or never when the org has no hourly window yet. */
function hourlyStart(db: DatabaseSync, org: number): number {
  const row = db.prepare('SELECT hourly_from_hour AS h FROM orgs WHERE id = ?').get(org) as { h: number | null } | undefined
  return row?.h === null || row?.h === undefined ? Number.MAX_SAFE_INTEGER : Number(row.h)
}

/** The packed sums of an org at one point, or null when there is no point there. */
function readPoint(db: DatabaseSync, org: number, point: number): Float64Array | null {
  const row = db.prepare('SELECT data FROM usage_points WHERE org = ? AND start_hour = ?').get(org, point) as { data: Uint8Array } | undefined
  return row === undefined ? null : packedOf(row.data)
}

/** A usage row as the rebuild reads it: series, the six numbers, the cost as a number when safe (else 0), the cost as text when not (else null). */
type UsageSumRow = [number, number, number, number, number, number, number, number, string | null]

/** The largest integer a float holds exactly; a cost past it is read as text. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER

/** Rows read at once while building points. */
const ROWS_AT_ONCE = 4096

/**
 * Writes points from `from` to `to` (inclusive) every `step` hours onto the sums at `basePoint`:
 * each point adds the rows of `kind` at its hour (none at or after `rowsBefore`). Every point is
 * written, also one no row changed: a lookup never has to search back for the last one.
 */
function writePoints(db: DatabaseSync, org: number, p: { from: number; to: number; step: number; kind: number; rowsBefore: number; basePoint: number }): void {
  if (p.to < p.from) return
  const sums = new PointAccumulator(readPoint(db, org, p.basePoint))
  // A bucket's rows a few thousand at a time, in key order: what sits in memory stays small however big the org.
  const rows = db.prepare(
    `SELECT series, uncached_input, cache_write_5m, cache_write_1h, cache_read, output, requests,
       iif(abs(cost) > ${MAX_SAFE}, 0, cost), iif(abs(cost) > ${MAX_SAFE}, CAST(cost AS TEXT), NULL)
     FROM usage WHERE org = ? AND kind = ? AND start_hour = ? AND series > ? ORDER BY series LIMIT ${ROWS_AT_ONCE}`,
  )
  rows.setReturnArrays(true)
  const put = db.prepare('INSERT INTO usage_points (org, start_hour, data) VALUES (?, ?, ?)')
  for (let h = p.from; h <= p.to; h += p.step) {
    for (let after = -1; h < p.rowsBefore;) {
      const chunk = rows.all(org, p.kind, h, after) as unknown as UsageSumRow[]
      for (const r of chunk) sums.add(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])
      if (chunk.length < ROWS_AT_ONCE) break
      after = chunk[chunk.length - 1]![0]
    }
    const packed = sums.pack()
    if (packed.length > 0) put.run(org, h, new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength))
  }
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
  const lastDailyPoint = (db.prepare('SELECT max(start_hour) AS h FROM usage_points WHERE org = ? AND start_hour < ?').get(org, hourlyFrom) as { h: number | null }).h
  // Points before the first daily row are all zero; without points yet, build from there.
  const firstRow = daily.lo === null ? hourlyFrom : Number(daily.lo)
  let from = Math.max(Math.min(Math.floor(fromHour / 24) * 24, hourlyFrom), firstRow)
  if (lastDailyPoint === null) from = firstRow
  else if (Number(lastDailyPoint) + 24 < from) from = Number(lastDailyPoint) + 24
  db.prepare('DELETE FROM usage_points WHERE org = ? AND start_hour >= ?').run(org, from)
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

/** Rebuilds every org's running sums (a database from before they existed, or in another format). */
export function rebuildAllRunningSums(db: DatabaseSync): void {
  for (const { org } of db.prepare('SELECT DISTINCT org FROM usage').all() as Array<{ org: number }>) rebuildRunningSums(db, Number(org), Number.MIN_SAFE_INTEGER)
}

/** How many points a reader keeps (each a few MB at 20,000 keys). */
const KEPT_POINTS = 4

/** Reads an org's running sums at a point: every series with usage up to it, packed (packed-point.ts). */
export class RunningSumsReader {
  private readonly read: StatementSync
  private last: number | null | undefined
  /** The last few points read, oldest first. */
  private readonly recent = new Map<number, Float64Array>()

  constructor(
    private readonly db: DatabaseSync,
    private readonly org: number,
    private readonly hourlyFromHour: number,
  ) {
    this.read = db.prepare('SELECT data FROM usage_points WHERE org = ? AND start_hour = ?')
  }

  /** The last point (a later one has the same sums), or null when there are none. */
  private lastPoint(): number | null {
    if (this.last === undefined) {
      const row = this.db.prepare('SELECT max(start_hour) AS h FROM usage_points WHERE org = ?').get(this.org) as { h: number | null }
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
   * The packed sums at a point (from `point`), `STRIDE` numbers per series; empty where no series
   * has usage yet. The last few points are kept: the queries of one screen or command (a month's
   * totals, its projection, the trailing week) ask for the same ends again. A reader lives as
   * long as its view, which a commit replaces, so what it keeps is never stale.
   */
  at(point: number): Float64Array {
    const kept = this.recent.get(point)
    if (kept) return kept
    const row = this.read.get(this.org, point) as { data: Uint8Array } | undefined
    const packed = row === undefined ? new Float64Array(0) : packedOf(row.data)
    this.recent.set(point, packed)
    if (this.recent.size > KEPT_POINTS) this.recent.delete(this.recent.keys().next().value!)
    return packed
  }
}
