import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { orgRevision } from './org-meta'

/**
 * Org revisions as last read, until the database changes. Every query checks its org's revision
 * (usage-service.ts), and reading it costs a few milliseconds in a big org: the column sits after
 * the org's catalog in the row, so SQLite walks the catalog's overflow pages to reach it. Nothing
 * can change without moving one of two counters: `data_version` (another connection committed)
 * and `total_changes()` (this connection wrote a row).
 */
export class RevisionCache {
  private stamp: string | null = null
  private statement: { db: DatabaseSync; stamp: StatementSync } | null = null
  private readonly known = new Map<string, number | null>()

  /** The org's revision on `db` (null when it has none). */
  of(db: DatabaseSync, orgId: string): number | null {
    if (this.statement?.db !== db) this.statement = { db, stamp: db.prepare('SELECT total_changes() AS c, (SELECT data_version FROM pragma_data_version) AS v') }
    const row = this.statement.stamp.get() as { c: number; v: number }
    const stamp = `${row.c}:${row.v}`
    if (stamp !== this.stamp) {
      this.known.clear()
      this.stamp = stamp
    }
    if (!this.known.has(orgId)) this.known.set(orgId, orgRevision(db, orgId))
    return this.known.get(orgId)!
  }

  /** Drops everything (the connection closed: a new one counts from zero). */
  forget(): void {
    this.stamp = null
    this.statement = null
    this.known.clear()
  }
}
