import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { stepHours } from './bucket-kind'

/*
 * Running sums: for each series and each bucket of a kind (daily or hourly), the sum of that
 * series' rows of that kind up to and including the bucket (`usage_sums`). Any range of whole
 * buckets is then the difference of two rows per series, so totals over a month read two rows
 * per series instead of every row of the month: the per-key and per-person totals of an org of
 * any size cost a few thousand rows, not a few hundred thousand.
 *
 * The rows are dense from a series' first bucket to the kind's last bucket (a series without
 * usage on a day carries its sum forward), so a lookup is one indexed read of the rows at one
 * bucket. A series without a row at a bucket has a sum of zero there: rows whose sums are all
 * zero are not written. The sums are rebuilt from the first changed bucket to the last at each
 * window commit, inside the commit's transaction, so they always agree with the rows.
 */

const COLUMNS = ['uncached_input', 'cache_write_5m', 'cache_write_1h', 'cache_read', 'output', 'requests', 'cost'] as const

/**
 * Rewrites the running sums of one org and kind from bucket `fromHour` on (every later bucket
 * depends on it). Starts earlier when the sums end before `fromHour` (days never fetched in
 * between carry the last sum), and ends at the kind's last bucket with rows. Run it inside the
 * transaction that changed the rows. `Number.MIN_SAFE_INTEGER` rebuilds the kind whole (the
 * hourly window, replaced at each sync).
 */
export function rebuildRunningSums(db: DatabaseSync, org: number, kind: number, fromHour: number): void {
  const step = stepHours(kind)
  const bounds = db.prepare('SELECT min(start_hour) AS lo, max(start_hour) AS hi FROM usage WHERE org = ? AND kind = ?').get(org, kind) as { lo: number | null; hi: number | null }
  const summedTo = (db.prepare('SELECT max(start_hour) AS h FROM usage_sums WHERE org = ? AND kind = ?').get(org, kind) as { h: number | null }).h
  let from = fromHour
  if (summedTo !== null && Number(summedTo) + step < from) from = Number(summedTo) + step
  if (bounds.lo !== null && Number(bounds.lo) > from) from = Number(bounds.lo)
  db.prepare('DELETE FROM usage_sums WHERE org = ? AND kind = ? AND start_hour >= ?').run(org, kind, Math.min(from, fromHour))
  if (bounds.hi === null || Number(bounds.hi) < from) return
  const sums = COLUMNS.map((c, i) => `coalesce(b.${c}, 0) + sum(coalesce(u.${c}, 0)) OVER w AS s${i}`).join(', ')
  const anyNonZero = COLUMNS.map((_, i) => `s${i} != 0`).join(' OR ')
  db.prepare(
    `WITH RECURSIVE steps(h) AS (SELECT ?1 UNION ALL SELECT h + ?3 FROM steps WHERE h + ?3 <= ?4),
     live(series) AS (
       SELECT series FROM usage_sums WHERE org = ?5 AND kind = ?2 AND start_hour = ?1 - ?3
       UNION SELECT DISTINCT series FROM usage WHERE org = ?5 AND kind = ?2 AND start_hour >= ?1
     )
     INSERT INTO usage_sums (org, kind, start_hour, series, ${COLUMNS.join(', ')})
     SELECT ?5, ?2, h, series, s0, s1, s2, s3, s4, s5, s6 FROM (
       SELECT steps.h AS h, live.series AS series, ${sums}
       FROM live CROSS JOIN steps
       LEFT JOIN usage u ON u.org = ?5 AND u.kind = ?2 AND u.start_hour = steps.h AND u.series = live.series
       LEFT JOIN usage_sums b ON b.org = ?5 AND b.kind = ?2 AND b.start_hour = ?1 - ?3 AND b.series = live.series
       WINDOW w AS (PARTITION BY live.series ORDER BY steps.h ROWS UNBOUNDED PRECEDING)
     ) WHERE ${anyNonZero}`,
  ).run(from, kind, step, Number(bounds.hi), org)
}

/** Rebuilds every org's running sums of both kinds (a database from before they existed). */
export function rebuildAllRunningSums(db: DatabaseSync): void {
  for (const { org, kind } of db.prepare('SELECT DISTINCT org, kind FROM usage').all() as Array<{ org: number; kind: number }>) {
    rebuildRunningSums(db, Number(org), Number(kind), Number.MIN_SAFE_INTEGER)
  }
}

/** The largest integer a float holds exactly; a sum past it is read as text. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER

/**
 * A series' running sums at one bucket, as an array: the series id, the six numbers, the cost as
 * a number when it is a safe integer (else 0), and the cost as text when it is not (else null).
 */
export type SumsRow = [number, number, number, number, number, number, number, number, string | null]

const SELECT = `SELECT series, ${COLUMNS.slice(0, 6).join(', ')}, iif(abs(cost) > ${MAX_SAFE}, 0, cost), iif(abs(cost) > ${MAX_SAFE}, CAST(cost AS TEXT), NULL) FROM usage_sums WHERE org = ? AND kind = ? AND start_hour = ?`

/** Reads the running sums at one bucket: of every series, or of some (series ids as JSON). */
export class RunningSumsReader {
  private readonly every: StatementSync
  private readonly some: StatementSync
  private readonly last = new Map<number, number | null>()

  constructor(
    private readonly db: DatabaseSync,
    private readonly org: number,
  ) {
    this.every = db.prepare(SELECT)
    this.every.setReturnArrays(true)
    this.some = db.prepare(`${SELECT} AND series IN (SELECT value FROM json_each(?))`)
    this.some.setReturnArrays(true)
  }

  /** The kind's last bucket with sums (a later bucket has the same sums), or null when none. */
  lastBucket(kind: number): number | null {
    if (!this.last.has(kind)) {
      const row = this.db.prepare('SELECT max(start_hour) AS h FROM usage_sums WHERE org = ? AND kind = ?').get(this.org, kind) as { h: number | null }
      this.last.set(kind, row.h === null ? null : Number(row.h))
    }
    return this.last.get(kind) ?? null
  }

  /** The rows at bucket `hour` of `kind` (clamped to the last bucket); none before a series' first bucket. */
  at(kind: number, hour: number, seriesJson: string | null): SumsRow[] {
    const last = this.lastBucket(kind)
    if (last === null) return []
    const at = Math.min(hour, last)
    return (seriesJson === null ? this.every.all(this.org, kind, at) : this.some.all(this.org, kind, at, seriesJson)) as unknown as SumsRow[]
  }
}
