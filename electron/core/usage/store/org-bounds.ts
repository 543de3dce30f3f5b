import type { DatabaseSync } from 'node:sqlite'

/** Where an org's synced usage lies, in hours since the epoch (UTC); all 0 when never synced. zod-free: the status line reads it. */
export interface OrgBounds {
  /** The org's row id, which usage, series and fetched days refer to. */
  readonly rowId: number
  /** First hour with data, the hourly window's start, and the end of synced data (exclusive). */
  readonly dataFromHour: number
  readonly hourlyFromHour: number
  readonly syncedToHour: number
}

/** The bounds of the org with row id `rowId`, from its hourly window and its first fetched day. */
export function readBounds(db: DatabaseSync, rowId: number, hourlyFrom: number | null, syncedTo: number | null): OrgBounds {
  const syncedToHour = Number(syncedTo ?? 0)
  // Without an hourly window yet, daily data ends where the hourly window would start.
  const hourlyFromHour = hourlyFrom === null ? syncedToHour : Number(hourlyFrom)
  const firstDay = (db.prepare('SELECT min(day) AS d FROM fetched_days WHERE org = ?').get(rowId) as { d: number | null }).d
  const dataFromHour = firstDay === null ? hourlyFromHour : Math.min(Number(firstDay) * 24, hourlyFromHour)
  return { rowId, dataFromHour, hourlyFromHour, syncedToHour }
}
