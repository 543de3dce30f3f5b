import type { DatabaseSync } from 'node:sqlite'
import { rebuildAllActorCosts } from './actor-costs'
import { rebuildAllRunningSums } from './running-sums'

/*
 * The usage database's schema, as a list of migrations. `PRAGMA user_version` is the number of
 * migrations applied; opening a database runs the missing ones in one transaction. To add a table
 * (as the second one adds the Claude Code report's), append a migration: never edit one that
 * has shipped. A database of a newer version than this list is refused, not guessed at.
 *
 * Money is INTEGER micro-cents (1e-6 of a cent). SQLite's INTEGER is 64-bit, so one row or one
 * SUM holds up to 9.2e18 micro-cents ($92 billion); a 20,000-key org spending $1M a day sums to
 * 9e15 over 90 days, three orders of magnitude below. SUM of integers is exact (it raises
 * "integer overflow" rather than rounding), so a sum is never silently wrong.
 *
 * `bucket_totals` is the whole org's cost per bucket, rewritten by each window commit from that
 * window's rows: the tray's today and month to date read a few dozen rows instead of every row.
 * `usage_points` holds the running sums of every series, one packed row per point (running-sums.ts):
 * totals over any range read two rows. `actor_costs` is the cost per actor and bucket (actor-costs.ts): the People
 * screen's daily trend of a page of people reads a row per person and day.
 */
export const MIGRATIONS: ReadonlyArray<string | ((db: DatabaseSync) => void)> = [
  `
  CREATE TABLE orgs (
    id INTEGER PRIMARY KEY,
    org_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    catalog TEXT,
    last_synced_at TEXT,
    data_refreshed_at TEXT,
    hourly_from_hour INTEGER,
    synced_to_hour INTEGER,
    revision INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE actors (
    org INTEGER NOT NULL REFERENCES orgs(id),
    actor_id TEXT NOT NULL,
    type TEXT NOT NULL,
    name TEXT,
    email TEXT,
    deleted INTEGER NOT NULL,
    PRIMARY KEY (org, actor_id)
  ) WITHOUT ROWID;
  CREATE TABLE series (
    id INTEGER PRIMARY KEY,
    org INTEGER NOT NULL REFERENCES orgs(id),
    api_key_id TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    model TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    product TEXT NOT NULL,
    UNIQUE (org, api_key_id, workspace_id, model, actor_id, product)
  );
  CREATE INDEX series_by_actor ON series (org, actor_id);
  CREATE TABLE usage (
    org INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    start_hour INTEGER NOT NULL,
    series INTEGER NOT NULL,
    uncached_input INTEGER NOT NULL,
    cache_write_5m INTEGER NOT NULL,
    cache_write_1h INTEGER NOT NULL,
    cache_read INTEGER NOT NULL,
    output INTEGER NOT NULL,
    requests INTEGER NOT NULL,
    cost INTEGER NOT NULL,
    PRIMARY KEY (org, kind, start_hour, series)
  ) WITHOUT ROWID;
  CREATE INDEX usage_by_series ON usage (series, kind, start_hour, cost);
  CREATE TABLE fetched_days (
    org INTEGER NOT NULL,
    day INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,
    watermark TEXT,
    PRIMARY KEY (org, day)
  ) WITHOUT ROWID;
  CREATE TABLE bucket_totals (
    org INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    start_hour INTEGER NOT NULL,
    cost INTEGER NOT NULL,
    PRIMARY KEY (org, kind, start_hour)
  ) WITHOUT ROWID;
  `,
  // The Claude Code report (claude-code/claude-code-sqlite-store.ts): a fetched day, even one
  // without records; one row per record in the report's order; one row per model of a record,
  // its estimated cost in INTEGER micro-cents.
  `
  CREATE TABLE claude_code_day (
    org_id TEXT NOT NULL,
    day TEXT NOT NULL,
    refreshed_at TEXT NOT NULL,
    PRIMARY KEY (org_id, day)
  ) WITHOUT ROWID;
  CREATE TABLE claude_code_record (
    org_id TEXT NOT NULL,
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    actor_type TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    customer_type TEXT NOT NULL,
    terminal_type TEXT NOT NULL,
    sessions INTEGER NOT NULL,
    lines_added INTEGER NOT NULL,
    lines_removed INTEGER NOT NULL,
    commits INTEGER NOT NULL,
    pull_requests INTEGER NOT NULL,
    edit_accepted INTEGER NOT NULL,
    edit_rejected INTEGER NOT NULL,
    multi_edit_accepted INTEGER NOT NULL,
    multi_edit_rejected INTEGER NOT NULL,
    write_accepted INTEGER NOT NULL,
    write_rejected INTEGER NOT NULL,
    notebook_edit_accepted INTEGER NOT NULL,
    notebook_edit_rejected INTEGER NOT NULL,
    PRIMARY KEY (org_id, day, seq)
  ) WITHOUT ROWID;
  CREATE TABLE claude_code_model (
    org_id TEXT NOT NULL,
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    position INTEGER NOT NULL,
    model TEXT NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cache_read_tokens INTEGER NOT NULL,
    cache_creation_tokens INTEGER NOT NULL,
    estimated_cost_micro INTEGER NOT NULL,
    PRIMARY KEY (org_id, day, seq, position)
  ) WITHOUT ROWID;
  `,
  // Running sums per series and bucket (one row per series and point; replaced by the next
  // migration) and cost per actor and bucket (actor-costs.ts), built from the rows already stored.
  (db) => {
    db.exec(`
      CREATE TABLE actor_costs (
        org INTEGER NOT NULL,
        actor_id TEXT NOT NULL,
        kind INTEGER NOT NULL,
        start_hour INTEGER NOT NULL,
        cost INTEGER NOT NULL,
        PRIMARY KEY (org, kind, start_hour, actor_id)
      ) WITHOUT ROWID;
      CREATE INDEX actor_costs_by_actor ON actor_costs (org, actor_id, kind, start_hour, cost);
      CREATE TABLE usage_sums (
        org INTEGER NOT NULL,
        start_hour INTEGER NOT NULL,
        series INTEGER NOT NULL,
        uncached_input INTEGER NOT NULL,
        cache_write_5m INTEGER NOT NULL,
        cache_write_1h INTEGER NOT NULL,
        cache_read INTEGER NOT NULL,
        output INTEGER NOT NULL,
        requests INTEGER NOT NULL,
        cost INTEGER NOT NULL,
        PRIMARY KEY (org, start_hour, series)
      ) WITHOUT ROWID;
    `)
    // Its running sums are built by the next migration, which replaces this table.
    rebuildAllActorCosts(db)
  },
  // The running sums packed, one row per point (running-sums.ts, packed-point.ts): reading a
  // point is one row instead of one per series.
  (db) => {
    db.exec(`
      DROP TABLE usage_sums;
      CREATE TABLE usage_points (
        org INTEGER NOT NULL,
        start_hour INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (org, start_hour)
      );
    `)
    rebuildAllRunningSums(db)
  },
]

export { KIND } from './bucket-kind'

/** Brings `db` to the newest schema; refuses a database from a newer Keyward. */
export function migrate(db: DatabaseSync, path: string): void {
  const version = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version)
  if (version > MIGRATIONS.length) {
    throw new Error(`${path} was written by a newer Keyward (schema ${version}, this one knows ${MIGRATIONS.length}); update Keyward, or remove the file and run: keyward sync`)
  }
  if (version === MIGRATIONS.length) return
  db.exec('BEGIN IMMEDIATE')
  try {
    // Another process may have migrated while this one waited for the lock.
    const now = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version)
    for (let v = now; v < MIGRATIONS.length; v++) {
      const step = MIGRATIONS[v]!
      if (typeof step === 'string') db.exec(step)
      else step(db)
    }
    db.exec(`PRAGMA user_version = ${MIGRATIONS.length}`)
    db.exec('COMMIT')
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
}
