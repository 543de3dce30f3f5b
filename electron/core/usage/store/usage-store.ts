import type { DatabaseSync } from 'node:sqlite'
import type { ActorInfo, Catalog } from '../catalog-types'
import { dropLegacyCache } from './legacy-cache'
import { KIND } from './schema'
import { rebuildActorCosts } from './actor-costs'
import { rebuildRunningSums } from './running-sums'
import { RevisionCache } from './revision-cache'
import { type OrgMeta, listOrgs, readOrgMeta } from './org-meta'
import { openUsageDb, usageDbPath } from './usage-db'
import { WindowStage } from './window-stage'

/** A window of report buckets: [fromHour, toHour) in hours since the epoch (UTC). */
export interface StoredWindow {
  readonly kind: 'daily' | 'hourly'
  readonly fromHour: number
  readonly toHour: number
}

/** What a window commit records besides its rows. */
export interface WindowCommit {
  readonly orgName: string
  /** The newest `data_refreshed_at` of the window's pages (the watermark its days were fetched at). */
  readonly watermark: string | null
  /** When the window was fetched (ISO). */
  readonly fetchedAt: string
  /** Actors the window named; `replace` for the newest data (the trailing window), else only new ones are added. */
  readonly actors?: { readonly list: readonly ActorInfo[]; readonly replace: boolean }
}

/** When a day bucket was last fetched, and at which watermark. */
export interface FetchedDay {
  readonly fetchedAt: string
  readonly watermark: string | null
}

/**
 * The usage cache: one SQLite database (`<dataDir>/usage.db`, see usage-db.ts) shared by the app,
 * the daemon and `keyward sync`. A window commit is one transaction (its rows replace the
 * window's old rows, its days are marked fetched, the watermark moves), so a failed or
 * interrupted window leaves the store exactly as it was. Nothing touches the disk until asked:
 * a store over a data directory without a database reads as empty.
 */
export interface UsageStore {
  /** The database file. */
  readonly path: string
  /** The open connection, or null when there is no database yet (readers answer "nothing synced"). */
  db(): DatabaseSync | null
  /** The open connection, the database created when missing: for other caches in the same file (the Claude Code report). */
  writeDb(): DatabaseSync
  orgs(): Array<{ id: string; name: string }>
  /** One org's meta, or null when it has never synced. */
  org(orgId: string): OrgMeta | null
  /** The org's revision (bumped by every commit), or null when it has none. */
  revision(orgId: string): number | null
  /** A fresh staging area for one window's rows (on the writer's connection). */
  stage(): WindowStage
  /** Replaces the window's rows by the staged ones, in one transaction, and empties the stage. */
  commitWindow(orgId: string, window: StoredWindow, stage: WindowStage, info: WindowCommit): void
  /** Updates an org's name, catalog, sync time or actors, in one transaction. */
  commitMeta(orgId: string, change: { orgName: string; catalog?: Catalog; lastSyncedAt?: string; actors?: WindowCommit['actors'] }): void
  /** Removes the usage cache of the format before the database (not read); returns how many orgs it held. */
  dropLegacyCache(): number
  /** Each day bucket fetched for an org, by day number (days since the epoch). */
  fetchedDays(orgId: string): Map<number, FetchedDay>
  close(): void
}

/** Opens the usage store of `dataDir`; the database is opened (and created) on first use. */
export function createUsageStore(dataDir: string): UsageStore {
  let conn: DatabaseSync | null = null
  const read = (): DatabaseSync | null => {
    conn ??= openUsageDb(dataDir, { readOnly: false, createMissing: false })
    return conn
  }
  const write = (): DatabaseSync => {
    conn ??= openUsageDb(dataDir, { readOnly: false, createMissing: true })
    if (!conn) throw new Error(`the usage database ${usageDbPath(dataDir)} could not be created`)
    return conn
  }

  const revisions = new RevisionCache()

  function inTransaction<T>(db: DatabaseSync, work: () => T): T {
    db.exec('BEGIN IMMEDIATE')
    try {
      const out = work()
      db.exec('COMMIT')
      return out
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }

  /** The org's row id, created (with its name) when new; bumps its revision. */
  function touchOrg(db: DatabaseSync, orgId: string, orgName: string): number {
    db.prepare('INSERT INTO orgs (org_id, name) VALUES (?, ?) ON CONFLICT (org_id) DO UPDATE SET name = excluded.name, revision = revision + 1').run(orgId, orgName)
    return Number((db.prepare('SELECT id FROM orgs WHERE org_id = ?').get(orgId) as { id: number }).id)
  }

  function saveActors(db: DatabaseSync, org: number, actors: WindowCommit['actors']): void {
    if (!actors) return
    const verb = actors.replace ? 'INSERT OR REPLACE' : 'INSERT OR IGNORE'
    const put = db.prepare(`${verb} INTO actors (org, actor_id, type, name, email, deleted) VALUES (?, ?, ?, ?, ?, ?)`)
    for (const a of actors.list) put.run(org, a.id, a.type, a.name, a.email, a.deleted ? 1 : 0)
  }

  return {
    path: usageDbPath(dataDir),
    db: read,
    writeDb: write,
    orgs: () => {
      const db = read()
      return db ? listOrgs(db) : []
    },
    org: (orgId) => {
      const db = read()
      return db ? readOrgMeta(db, orgId) : null
    },
    revision: (orgId) => {
      const db = read()
      return db ? revisions.of(db, orgId) : null
    },
    stage: () => new WindowStage(write()),
    commitWindow(orgId, window, stage, info) {
      const db = write()
      const kind = KIND[window.kind]
      inTransaction(db, () => {
        const org = touchOrg(db, orgId, info.orgName)
        db.prepare('INSERT OR IGNORE INTO series (org, api_key_id, workspace_id, model, actor_id, product) SELECT DISTINCT ?, api_key_id, workspace_id, model, actor_id, product FROM temp.stage').run(
          org,
        )
        // The trailing hourly window is replaced whole; a daily window replaces its own days.
        if (window.kind === 'hourly') db.prepare('DELETE FROM usage WHERE org = ? AND kind = ?').run(org, kind)
        else db.prepare('DELETE FROM usage WHERE org = ? AND kind = ? AND start_hour >= ? AND start_hour < ?').run(org, kind, window.fromHour, window.toHour)
        db.prepare(
          `INSERT INTO usage (org, kind, start_hour, series, uncached_input, cache_write_5m, cache_write_1h, cache_read, output, requests, cost)
           SELECT ?, ?, st.start_hour, se.id, st.n0, st.n1, st.n2, st.n3, st.n4, st.n5, st.cost FROM temp.stage st
           JOIN series se ON se.org = ? AND se.api_key_id = st.api_key_id AND se.workspace_id = st.workspace_id AND se.model = st.model AND se.actor_id = st.actor_id AND se.product = st.product`,
        ).run(org, kind, org)
        // The org's cost per bucket for the window's buckets, from the rows just written.
        const from = window.kind === 'hourly' ? -1 : window.fromHour
        const to = window.kind === 'hourly' ? Number.MAX_SAFE_INTEGER : window.toHour
        db.prepare('DELETE FROM bucket_totals WHERE org = ? AND kind = ? AND start_hour >= ? AND start_hour < ?').run(org, kind, from, to)
        db.prepare(
          'INSERT INTO bucket_totals (org, kind, start_hour, cost) SELECT org, kind, start_hour, sum(cost) FROM usage WHERE org = ? AND kind = ? AND start_hour >= ? AND start_hour < ? GROUP BY start_hour',
        ).run(org, kind, from, to)
        rebuildActorCosts(db, org, kind, from, to)
        if (window.kind === 'hourly') {
          const before = db.prepare('SELECT hourly_from_hour AS h FROM orgs WHERE id = ?').get(org) as { h: number | null }
          db.prepare('UPDATE orgs SET hourly_from_hour = ?, synced_to_hour = ? WHERE id = ?').run(window.fromHour, window.toHour, org)
          // Running sums from the earlier of the old and new window starts (days that left the window become daily points).
          rebuildRunningSums(db, org, Math.min(before.h ?? window.fromHour, window.fromHour))
        } else {
          const mark = db.prepare('INSERT OR REPLACE INTO fetched_days (org, day, fetched_at, watermark) VALUES (?, ?, ?, ?)')
          for (let day = Math.ceil(window.fromHour / 24); day < Math.floor(window.toHour / 24); day++) mark.run(org, day, info.fetchedAt, info.watermark)
          db.prepare('UPDATE orgs SET synced_to_hour = max(coalesce(synced_to_hour, 0), ?) WHERE id = ? AND hourly_from_hour IS NULL').run(window.toHour, org)
          // Running sums from the window's first day on.
          rebuildRunningSums(db, org, window.fromHour)
        }
        if (info.watermark !== null) {
          db.prepare('UPDATE orgs SET data_refreshed_at = ? WHERE id = ? AND (data_refreshed_at IS NULL OR data_refreshed_at < ?)').run(info.watermark, org, info.watermark)
        }
        saveActors(db, org, info.actors)
      })
      stage.reset()
    },
    commitMeta(orgId, change) {
      const db = write()
      inTransaction(db, () => {
        const org = touchOrg(db, orgId, change.orgName)
        if (change.catalog) db.prepare('UPDATE orgs SET catalog = ? WHERE id = ?').run(JSON.stringify(change.catalog), org)
        if (change.lastSyncedAt) db.prepare('UPDATE orgs SET last_synced_at = ? WHERE id = ?').run(change.lastSyncedAt, org)
        saveActors(db, org, change.actors)
      })
    },
    dropLegacyCache: () => dropLegacyCache(dataDir),
    fetchedDays(orgId) {
      const out = new Map<number, FetchedDay>()
      const db = read()
      if (!db) return out
      const rows = db.prepare('SELECT f.day, f.fetched_at, f.watermark FROM fetched_days f JOIN orgs o ON o.id = f.org WHERE o.org_id = ?').all(orgId) as Array<{
        day: number
        fetched_at: string
        watermark: string | null
      }>
      for (const r of rows) out.set(Number(r.day), { fetchedAt: r.fetched_at, watermark: r.watermark })
      return out
    },
    close() {
      conn?.close()
      conn = null
      revisions.forget()
    },
  }
}
