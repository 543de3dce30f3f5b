import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { KIND } from './schema'
import { RunningSumsReader } from './running-sums'
import { STRIDE, costAt, safeCostAt } from './packed-point'
import type { OrgBounds } from './org-bounds'
import { CellSums } from './cell-sums'
import { type Series, type Totals, addTotals, emptyTotals } from './totals'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** Which series a view reads: every series of the org, or those of some keys and workspaces (the status line). */
export type SeriesFilter = { readonly all: true } | { readonly keys: readonly string[]; readonly workspaces: readonly string[] }

/**
 * The sums a query returns. Token counts stay far below 2^53 and come back as numbers; cost comes
 * back as text, because a sum of micro-cents may pass 2^53 and must stay exact (bigint).
 */
const SUMS = 'sum(uncached_input) AS n0, sum(cache_write_5m) AS n1, sum(cache_write_1h) AS n2, sum(cache_read) AS n3, sum(output) AS n4, sum(requests) AS n5, CAST(sum(cost) AS TEXT) AS c'

/**
 * Up to this many series, a query reads their own rows through the series index (a key's or a
 * person's page: a few rows per series and day) rather than the org's running sums, whose points
 * hold every series.
 */
const FEW_SERIES = 256

/** Hours of hourly rows the spike check reads at once. */
const HOURS_PER_READ = 2

/** A row of sums as an array: the series id, the six numbers, the cost as text. */
type SumRow = [number, number, number, number, number, number, number, string]

function totalsOf(row: SumRow): Totals {
  const t = emptyTotals()
  for (let i = 0; i < 6; i++) t.numbers[i] = Number(row[i + 1])
  t.cost = BigInt(row[7])
  return t
}

const floor24 = (h: number): number => Math.floor(h / 24) * 24
const ceil24 = (h: number): number => Math.ceil(h / 24) * 24
/** How many hours of rows one read takes (a multiple of 24: chunks never split a day). */
const CHUNK_HOURS = 4 * 24
/** The largest integer a float holds exactly; a cost past it is read as text. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER

/** Per-series totals summed per group; `groupOf` names a series' group, or null to leave it out. `bySeries` is left as it was. */
export function groupTotals(bySeries: Map<number, Totals>, groupOf: (s: number) => string | null): Map<string, Totals> {
  const out = new Map<string, Totals>()
  for (const [s, t] of bySeries) {
    const g = groupOf(s)
    if (g === null) continue
    const acc = out.get(g)
    if (acc) addTotals(acc, t)
    else out.set(g, { numbers: t.numbers.slice(), cost: t.cost })
  }
  return out
}

/** The bucket of an hour among `edges` (bucket i is [edges[i], edges[i+1])), or -1 outside them; memoized, as a range has few distinct hours. */
function bucketFinder(edges: readonly number[]): (hour: number) => number {
  const n = Math.max(0, edges.length - 1)
  const bucketOf = new Map<number, number>()
  return (hour) => {
    let b = bucketOf.get(hour)
    if (b !== undefined) return b
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (edges[mid]! <= hour) lo = mid
      else hi = mid - 1
    }
    b = n > 0 && edges[lo]! <= hour && hour < edges[lo + 1]! ? lo : -1
    bucketOf.set(hour, b)
    return b
  }
}

/** Each series' cell (its group's position in `names`, which it fills), or -1 when `groupOf` leaves it out. */
export function cellsOfGroups(series: number, groupOf: (s: number) => string | null, names: string[]): Int32Array {
  const cellOfName = new Map<string, number>()
  const cellOf = new Int32Array(series)
  for (let s = 0; s < series; s++) {
    const g = groupOf(s)
    if (g === null) {
      cellOf[s] = -1
      continue
    }
    let cell = cellOfName.get(g)
    if (cell === undefined) {
      cell = names.length
      names.push(g)
      cellOfName.set(g, cell)
    }
    cellOf[s] = cell
  }
  return cellOf
}

/**
 * One org's usage as the queries see it, aggregated in SQLite. Daily rows count before the
 * hourly trailing window and hourly rows inside it (daily rows of the same days are superseded,
 * which keeps the two resolutions from double counting); a range counts the buckets that lie
 * wholly inside it after `cover` snapped it to the store's resolution. Series are numbered by
 * their position in `series`, which the JS groupers label.
 */
export class UsageView {
  readonly series: Series[] = []
  readonly dataFromHour: number
  readonly hourlyFromHour: number
  readonly syncedToHour: number
  private readonly ids: number[] = []
  private readonly positionOf = new Map<number, number>()
  private readonly subset: string | null
  /** The running sums, or null in a database from before them (opened read-only, so never migrated): totals then sum the rows. */
  private readonly sums: RunningSumsReader | null

  constructor(
    private readonly db: DatabaseSync,
    private readonly meta: OrgBounds,
    filter: SeriesFilter = { all: true },
  ) {
    this.dataFromHour = meta.dataFromHour
    this.hourlyFromHour = meta.hourlyFromHour
    this.syncedToHour = meta.syncedToHour
    const base = 'SELECT id, api_key_id, workspace_id, model, actor_id, product FROM series WHERE org = ?'
    const rows = (
      'all' in filter
        ? db.prepare(`${base} ORDER BY id`).all(meta.rowId)
        : db
            .prepare(`${base} AND (api_key_id IN (SELECT value FROM json_each(?)) OR workspace_id IN (SELECT value FROM json_each(?))) ORDER BY id`)
            .all(meta.rowId, JSON.stringify(filter.keys), JSON.stringify(filter.workspaces))
    ) as Array<Record<string, string | number>>
    for (const r of rows) {
      this.positionOf.set(Number(r.id), this.series.length)
      this.ids.push(Number(r.id))
      this.series.push({ apiKeyId: String(r.api_key_id), workspaceId: String(r.workspace_id), model: String(r.model), actorId: String(r.actor_id), product: String(r.product) })
    }
    this.subset = 'all' in filter ? null : JSON.stringify(this.ids)
    // A database no writer has migrated yet (opened read-only) has no points: totals and trends sum the rows.
    const hasSums = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'usage_points'").get() !== undefined
    this.sums = hasSums ? new RunningSumsReader(db, meta.rowId, meta.hourlyFromHour) : null
  }

  /**
   * Snaps an instant to the store's resolution: inside the hourly window, down to the hour; before
   * it, to the nearest UTC midnight (so a local day maps onto the UTC day it mostly overlaps).
   * Monotone, so consecutive local days partition a range exactly.
   */
  snap(ms: number): number {
    if (ms >= this.hourlyFromHour * HOUR_MS) return Math.min(Math.floor(ms / HOUR_MS), this.syncedToHour)
    return Math.min(Math.round(ms / DAY_MS) * 24, this.hourlyFromHour)
  }

  /** The hours [from, to) a range of instants covers once snapped and clipped to what was synced. */
  cover(startMs: number, endMs: number): { fromHour: number; toHour: number } {
    const fromHour = Math.max(this.snap(startMs), this.dataFromHour)
    const toHour = Math.max(fromHour, Math.min(this.snap(endMs), this.syncedToHour))
    return { fromHour, toHour }
  }

  /**
   * The rows of `table` for the buckets wholly inside [fromHour, toHour), as a FROM source: two
   * range scans (daily, hourly) joined by UNION ALL, because SQLite answers an OR of the two
   * ranges with a scan of the whole org's rows.
   */
  private source(table: 'usage' | 'bucket_totals', fromHour: number, toHour: number, series: readonly number[] | null): { sql: string; params: Array<number | string> } {
    const dailyTo = floor24(Math.min(toHour, this.hourlyFromHour))
    const hourlyFrom = Math.max(fromHour, this.hourlyFromHour)
    const hourlyTo = Math.min(toHour, this.syncedToHour)
    const only = series !== null ? JSON.stringify(series.map((s) => this.ids[s]!)) : this.subset
    const filter = only === null ? '' : ' AND series IN (SELECT value FROM json_each(?))'
    // A few series' rows are found through their own index, not by scanning every series' rows of the range.
    const count = series !== null ? series.length : only !== null ? this.ids.length : Number.POSITIVE_INFINITY
    const indexed = table === 'usage' && count <= FEW_SERIES ? ' INDEXED BY usage_by_series' : ''
    const arm = (kind: number): string => `SELECT * FROM ${table}${indexed} WHERE org = ? AND kind = ${kind} AND start_hour >= ? AND start_hour < ?${filter}`
    const extra = only === null ? [] : [only]
    return {
      sql: `(${arm(KIND.daily)} UNION ALL ${arm(KIND.hourly)})`,
      params: [this.meta.rowId, ceil24(fromHour), dailyTo, ...extra, this.meta.rowId, hourlyFrom, hourlyTo, ...extra],
    }
  }

  /**
   * The rows of `usage` wholly inside [fromHour, toHour), `columns` of each as an array, read a few
   * days at a time: all() is several times faster per row than iterate() in node:sqlite, and a
   * chunk bounds what sits in memory however big the org. Chunk edges are whole UTC days, so no
   * daily bucket is split.
   */
  private *rowsInChunks<Row>(columns: string, fromHour: number, toHour: number, only: readonly number[] | null): Generator<Row> {
    let statement: StatementSync | null = null
    for (let a = fromHour; a < toHour;) {
      const b = Math.min(toHour, (Math.floor(a / CHUNK_HOURS) + 1) * CHUNK_HOURS)
      const { sql, params } = this.source('usage', a, b, only)
      if (!statement) {
        statement = this.query(`SELECT ${columns} FROM ${sql}`)
        statement.setReturnArrays(true)
      }
      yield* statement.all(...params) as unknown as Row[]
      a = b
    }
  }

  private query(sql: string): StatementSync {
    return this.db.prepare(sql)
  }

  /**
   * Totals per series (by position) over snapped hours; series without usage there are absent.
   * `only` narrows to some positions.
   */
  totalsBySeries(fromHour: number, toHour: number, only: readonly number[] | null = null): Map<number, Totals> {
    const { sums, touched } = this.sumsInto(fromHour, toHour, only, null, this.series.length)
    const out = new Map<number, Totals>()
    for (let s = 0; s < touched.length; s++) {
      if (touched[s] === 0) continue
      const t = sums.totalsOf(s)
      if (t.cost !== 0n || t.numbers.some((v) => v !== 0)) out.set(s, t)
    }
    return out
  }

  /**
   * Sums over snapped hours into `cells` cells: series s goes to cell `cellOf[s]` (identity when
   * null; -1 leaves it out). `touched` marks the cells some series went to. With running sums,
   * two rows per series (the sums at the range's end minus those at its start), however long the
   * range; no object per series.
   */
  sumsInto(fromHour: number, toHour: number, only: readonly number[] | null, cellOf: Int32Array | null, cells: number): { sums: CellSums; touched: Uint8Array } {
    const sums = new CellSums(cells)
    const touched = new Uint8Array(cells)
    if (toHour <= fromHour || (only !== null && only.length === 0)) return { sums, touched }
    if (this.sums === null || (only !== null && only.length <= FEW_SERIES)) {
      for (const [s, t] of this.totalsFromRows(fromHour, toHour, only)) {
        const cell = cellOf === null ? s : cellOf[s]!
        if (cell < 0) continue
        touched[cell] = 1
        sums.add(cell, t.numbers[0]!, t.numbers[1]!, t.numbers[2]!, t.numbers[3]!, t.numbers[4]!, t.numbers[5]!, 0)
        sums.addCost(cell, t.cost)
      }
      return { sums, touched }
    }
    // A point holds every series of the org: those outside the view (or outside `only`) are skipped.
    let wanted: Uint8Array | null = null
    if (only !== null) {
      wanted = new Uint8Array(this.series.length)
      for (const s of only) wanted[s] = 1
    }
    const add = (packed: Float64Array, sign: 1 | -1): void => {
      for (let at = 0; at < packed.length; at += STRIDE) {
        const s = this.positionOf.get(packed[at]!)
        if (s === undefined || (wanted !== null && wanted[s] === 0)) continue
        const cell = cellOf === null ? s : cellOf[s]!
        if (cell < 0) continue
        touched[cell] = 1
        const cost = safeCostAt(packed, at)
        sums.add(cell, sign * packed[at + 1]!, sign * packed[at + 2]!, sign * packed[at + 3]!, sign * packed[at + 4]!, sign * packed[at + 5]!, sign * packed[at + 6]!, cost === null ? 0 : sign * cost)
        if (cost === null) sums.addCost(cell, BigInt(sign) * costAt(packed, at))
      }
    }
    // The range is the sums at its end minus those at its start (nothing when no whole bucket lies between).
    const end = this.sums.point(toHour, 'upper')
    const start = this.sums.point(fromHour, 'lower')
    if (end === null || start === null || end <= start) return { sums, touched }
    add(this.sums.at(end), 1)
    add(this.sums.at(start), -1)
    return { sums, touched }
  }

  /** totalsBySeries by summing the rows themselves (a database without running sums; the tests' reference). */
  totalsFromRows(fromHour: number, toHour: number, only: readonly number[] | null = null): Map<number, Totals> {
    const out = new Map<number, Totals>()
    if (toHour <= fromHour || (only !== null && only.length === 0)) return out
    const { sql, params } = this.source('usage', fromHour, toHour, only)
    // One row per series (a few thousand even for a big org), read at once: node:sqlite's iterate() costs several times all() per row.
    const statement = this.query(`SELECT series, ${SUMS} FROM ${sql} GROUP BY series`)
    statement.setReturnArrays(true)
    for (const row of statement.all(...params) as unknown as SumRow[]) {
      const s = this.positionOf.get(row[0])
      if (s !== undefined) out.set(s, totalsOf(row))
    }
    return out
  }

  /** The whole org's cost over snapped hours, from the per-bucket totals (the tray asks often). */
  totalCost(fromHour: number, toHour: number): bigint {
    if (toHour <= fromHour) return 0n
    if (this.subset !== null) return [...this.totalsBySeries(fromHour, toHour).values()].reduce((sum, t) => sum + t.cost, 0n)
    const { sql, params } = this.source('bucket_totals', fromHour, toHour, null)
    const row = this.query(`SELECT CAST(coalesce(sum(cost), 0) AS TEXT) AS c FROM ${sql}`).get(...params) as { c: string }
    return BigInt(row.c)
  }

  /** Totals per group over snapped hours; `groupOf` names a series' group, or null to leave it out. Groups without usage are absent. */
  group(fromHour: number, toHour: number, groupOf: (s: number) => string | null, only: readonly number[] | null = null): Map<string, Totals> {
    const names: string[] = []
    const cellOf = cellsOfGroups(this.series.length, groupOf, names)
    const { sums, touched } = this.sumsInto(fromHour, toHour, only, cellOf, names.length)
    const out = new Map<string, Totals>()
    names.forEach((name, cell) => {
      if (touched[cell] === 0) return
      const t = sums.totalsOf(cell)
      if (t.cost !== 0n || t.numbers.some((v) => v !== 0)) out.set(name, t)
    })
    return out
  }

  /**
   * Sums per group and bucket, bucket i being the snapped hours [edges[i], edges[i+1]) (local days
   * for charts): cell `group * buckets + i` of the result. `groupOf` gives a series' group (by
   * position), or -1 to leave it out. For a few series (a key's or a person's page) their own
   * rows, through their index; for more, but under half the org, the running sums at each edge,
   * differenced (two points per edge, whatever the span). Otherwise one scan of the span's rows.
   */
  bucketsByGroup(edges: readonly number[], groups: number, groupOf: (s: number) => number, only: readonly number[] | null = null, costOnly = false): CellSums {
    const n = Math.max(0, edges.length - 1)
    if (this.sums === null || only === null || only.length <= FEW_SERIES || only.length * 2 > this.series.length || n === 0) return this.bucketsFromRows(edges, groups, groupOf, only, costOnly)
    const cellOf = new Int32Array(this.series.length).fill(-1)
    for (const s of only) cellOf[s] = groupOf(s)
    const out = new CellSums(groups * n)
    let before = this.sumsInto(this.dataFromHour, edges[0]!, only, cellOf, groups).sums
    for (let b = 0; b < n; b++) {
      const upTo = this.sumsInto(this.dataFromHour, edges[b + 1]!, only, cellOf, groups).sums
      for (let g = 0; g < groups; g++) out.addDifference(g * n + b, upTo, before, g)
      before = upTo
    }
    return out
  }

  /**
   * Cost per actor and bucket (as bucketsByGroup's cells: actor i's bucket b is cell i * buckets
   * + b) for a few actors ('' is usage with none), from the per-actor bucket costs: a row per actor
   * and bucket, however many keys, models and products each has.
   */
  costsByActor(edges: readonly number[], actorIds: readonly string[]): CellSums {
    const n = Math.max(0, edges.length - 1)
    const out = new CellSums(actorIds.length * n)
    const first = edges[0] ?? 0
    const last = edges[edges.length - 1] ?? 0
    if (last <= first || actorIds.length === 0) return out
    const actor = new Map(actorIds.map((id, i) => [id, i]))
    if (this.sums === null) return this.bucketsFromRows(edges, actorIds.length, (s) => actor.get(this.series[s]!.actorId) ?? -1, null, true)
    const bucketAt = bucketFinder(edges)
    const arm = (kind: number): string =>
      `SELECT actor_id, start_hour, iif(abs(cost) > ${MAX_SAFE}, 0, cost), iif(abs(cost) > ${MAX_SAFE}, CAST(cost AS TEXT), NULL) FROM actor_costs INDEXED BY actor_costs_by_actor
       WHERE org = ? AND actor_id IN (SELECT value FROM json_each(?)) AND kind = ${kind} AND start_hour >= ? AND start_hour < ?`
    const statement = this.query(`${arm(KIND.daily)} UNION ALL ${arm(KIND.hourly)}`)
    statement.setReturnArrays(true)
    const ids = JSON.stringify(actorIds)
    const dailyTo = floor24(Math.min(last, this.hourlyFromHour))
    const rows = statement.all(this.meta.rowId, ids, ceil24(first), dailyTo, this.meta.rowId, ids, Math.max(first, this.hourlyFromHour), Math.min(last, this.syncedToHour)) as unknown as Array<
      [string, number, number, string | null]
    >
    for (const [id, hour, cost, big] of rows) {
      const a = actor.get(id)
      const b = bucketAt(hour)
      if (a === undefined || b < 0) continue
      out.add(a * n + b, 0, 0, 0, 0, 0, 0, cost)
      if (big !== null) out.addCost(a * n + b, BigInt(big))
    }
    return out
  }

  /** bucketsByGroup from one range scan over the span's rows, each added where it lies, in flat arrays (no object per row). `costOnly` reads and sums the cost alone (a trend line). */
  bucketsFromRows(edges: readonly number[], groups: number, groupOf: (s: number) => number, only: readonly number[] | null = null, costOnly = false): CellSums {
    const n = Math.max(0, edges.length - 1)
    const out = new CellSums(groups * n)
    const first = edges[0] ?? 0
    const last = edges[edges.length - 1] ?? 0
    if (last <= first || (only !== null && only.length === 0)) return out
    const groupOfId = new Map<number, number>()
    for (const [id, s] of this.positionOf) {
      const g = groupOf(s)
      if (g >= 0) groupOfId.set(id, g)
    }
    const bucketAt = bucketFinder(edges)
    const cost = `iif(abs(cost) > ${MAX_SAFE}, 0, cost), iif(abs(cost) > ${MAX_SAFE}, CAST(cost AS TEXT), NULL)`
    if (costOnly) {
      for (const row of this.rowsInChunks<[number, number, number, string | null]>(`series, start_hour, ${cost}`, first, last, only)) {
        const g = groupOfId.get(row[0])
        const b = g === undefined ? -1 : bucketAt(row[1])
        if (g === undefined || b < 0) continue
        out.add(g * n + b, 0, 0, 0, 0, 0, 0, row[2])
        if (row[3] !== null) out.addCost(g * n + b, BigInt(row[3]))
      }
      return out
    }
    type Row = [number, number, number, number, number, number, number, number, number, string | null]
    for (const row of this.rowsInChunks<Row>(`series, start_hour, uncached_input, cache_write_5m, cache_write_1h, cache_read, output, requests, ${cost}`, first, last, only)) {
      const g = groupOfId.get(row[0])
      if (g === undefined) continue
      const b = bucketAt(row[1])
      if (b < 0) continue
      const cell = g * n + b
      out.add(cell, row[2], row[3], row[4], row[5], row[6], row[7], row[8])
      if (row[9] !== null) out.addCost(cell, BigInt(row[9]))
    }
    return out
  }

  /**
   * Cost per series (by position) in each hour of [fromHour, toHour), clipped to the hourly window;
   * series without hourly rows are absent. Micro-cents as floats, exact below 2^53 (about $90M in
   * one hour of one series; a bigger figure is rounded): a big org has tens of thousands of series
   * by tens of hours, too many for a bigint each.
   */
  hourlyCostsBySeries(fromHour: number, toHour: number): Map<number, Float64Array> {
    const out = new Map<number, Float64Array>()
    const from = Math.max(fromHour, this.hourlyFromHour)
    const to = Math.min(toHour, this.syncedToHour)
    const statement = this.query(`SELECT series, start_hour, CAST(cost AS REAL) FROM usage WHERE org = ? AND kind = ${KIND.hourly} AND start_hour >= ? AND start_hour < ?`)
    statement.setReturnArrays(true)
    // A couple of hours per read (all() is several times faster per row than iterate()), so memory stays
    // bounded: a 20,000-key org has some 5,000 hourly rows an hour.
    for (let a = from; a < to; a += HOURS_PER_READ) {
      for (const r of statement.all(this.meta.rowId, a, Math.min(to, a + HOURS_PER_READ)) as unknown as Array<[number, number, number]>) {
        const s = this.positionOf.get(r[0])
        if (s === undefined) continue
        let costs = out.get(s)
        if (!costs) out.set(s, (costs = new Float64Array(toHour - fromHour)))
        costs[r[1] - fromHour]! += r[2]
      }
    }
    return out
  }

  /** Each API key's last bucket with any usage (tokens, requests or cost): its start hour and width. */
  lastActiveByKey(): Map<string, { hour: number; bucketHours: number }> {
    const rows = this.query(
      `SELECT se.api_key_id AS k, u.kind AS kind, max(u.start_hour) AS h FROM usage u JOIN series se ON se.id = u.series
       WHERE u.org = ? AND se.api_key_id != '' AND (u.cost != 0 OR u.uncached_input + u.cache_write_5m + u.cache_write_1h + u.cache_read + u.output + u.requests != 0)
       AND ((u.kind = ${KIND.daily} AND u.start_hour >= ? AND u.start_hour < ?) OR (u.kind = ${KIND.hourly} AND u.start_hour >= ? AND u.start_hour < ?))
       GROUP BY se.api_key_id, u.kind`,
    ).all(this.meta.rowId, this.dataFromHour, floor24(this.hourlyFromHour), this.hourlyFromHour, this.syncedToHour) as Array<{ k: string; kind: number; h: number }>
    const out = new Map<string, { hour: number; bucketHours: number }>()
    for (const r of rows) {
      const last = Number(r.kind) === KIND.hourly ? { hour: Number(r.h), bucketHours: 1 } : { hour: Number(r.h), bucketHours: 24 }
      const seen = out.get(r.k)
      // Compare bucket ends: an hour late in a day beats that day's daily bucket, never the reverse.
      if (!seen || last.hour + last.bucketHours > seen.hour + seen.bucketHours) out.set(r.k, last)
    }
    return out
  }

  /** Series positions of one actor (a person, service account, key or federated identity). */
  seriesOfActor(actorId: string): number[] {
    const out: number[] = []
    this.series.forEach((s, i) => {
      if (s.actorId === actorId) out.push(i)
    })
    return out
  }

  /** Series positions of one API key. */
  seriesOfKey(apiKeyId: string): number[] {
    const out: number[] = []
    this.series.forEach((s, i) => {
      if (s.apiKeyId === apiKeyId) out.push(i)
    })
    return out
  }
}
