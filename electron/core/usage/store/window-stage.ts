import type { DatabaseSync, StatementSync } from 'node:sqlite'

/** The group of one report row as the store keys it ('' where the API named none). */
export interface RowGroup {
  readonly apiKeyId: string
  readonly workspaceId: string
  readonly model: string
  readonly actorId: string
  readonly product: string
}

/**
 * A window's rows while they are fetched, in a TEMP table of the writer's connection (its own,
 * invisible to other connections and readers): memory stays flat however big the org, and rows
 * with the same bucket and group are SUMMED (null actors and identities the server cannot render
 * come as separate rows with the same group; each is usage). Usage and cost rows of a cell meet in
 * one row, which is how the two reports are joined. `reset` empties it (a window restarted).
 */
export class WindowStage {
  private readonly addUsage: StatementSync
  private readonly addCost: StatementSync
  private pending = 0

  constructor(private readonly db: DatabaseSync) {
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS stage (
        start_hour INTEGER NOT NULL, api_key_id TEXT NOT NULL, workspace_id TEXT NOT NULL, model TEXT NOT NULL, actor_id TEXT NOT NULL, product TEXT NOT NULL,
        n0 INTEGER NOT NULL DEFAULT 0, n1 INTEGER NOT NULL DEFAULT 0, n2 INTEGER NOT NULL DEFAULT 0, n3 INTEGER NOT NULL DEFAULT 0, n4 INTEGER NOT NULL DEFAULT 0, n5 INTEGER NOT NULL DEFAULT 0,
        cost INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (start_hour, api_key_id, workspace_id, model, actor_id, product)
      ) WITHOUT ROWID;
      DELETE FROM temp.stage;
    `)
    const cell = 'INSERT INTO temp.stage (start_hour, api_key_id, workspace_id, model, actor_id, product'
    const conflict = 'ON CONFLICT (start_hour, api_key_id, workspace_id, model, actor_id, product) DO UPDATE SET'
    this.addUsage = db.prepare(
      `${cell}, n0, n1, n2, n3, n4, n5) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${conflict} n0 = n0 + excluded.n0, n1 = n1 + excluded.n1, n2 = n2 + excluded.n2, n3 = n3 + excluded.n3, n4 = n4 + excluded.n4, n5 = n5 + excluded.n5`,
    )
    this.addCost = db.prepare(`${cell}, cost) VALUES (?, ?, ?, ?, ?, ?, ?) ${conflict} cost = cost + excluded.cost`)
  }

  /** Starts a batch of rows (one page): one transaction on the temp table, not one per row. */
  private begin(): void {
    if (this.pending++ === 0) this.db.exec('SAVEPOINT stage_page')
  }

  /** Adds one page's rows in one batch. */
  page(add: (stage: { usage: (hour: number, g: RowGroup, numbers: readonly number[]) => void; cost: (hour: number, g: RowGroup, micro: bigint) => void }) => void): void {
    this.begin()
    try {
      add({
        usage: (hour, g, n) => this.addUsage.run(hour, g.apiKeyId, g.workspaceId, g.model, g.actorId, g.product, n[0] ?? 0, n[1] ?? 0, n[2] ?? 0, n[3] ?? 0, n[4] ?? 0, n[5] ?? 0),
        cost: (hour, g, micro) => this.addCost.run(hour, g.apiKeyId, g.workspaceId, g.model, g.actorId, g.product, micro),
      })
    } finally {
      if (--this.pending === 0) this.db.exec('RELEASE stage_page')
    }
  }

  /** The earliest and latest bucket start staged, or null when empty. */
  hourSpan(): { min: number; max: number } | null {
    const row = this.db.prepare('SELECT min(start_hour) AS lo, max(start_hour) AS hi, count(*) AS n FROM temp.stage').get() as { lo: number | null; hi: number | null; n: number }
    return row.n === 0 || row.lo === null || row.hi === null ? null : { min: Number(row.lo), max: Number(row.hi) }
  }

  /** Rows staged. */
  size(): number {
    return Number((this.db.prepare('SELECT count(*) AS n FROM temp.stage').get() as { n: number }).n)
  }

  /** Drops every staged row (a window restarted from its first page). */
  reset(): void {
    this.db.exec('DELETE FROM temp.stage')
  }
}
