import type { DatabaseSync } from 'node:sqlite'
import { ActorInfo, Catalog } from '../catalog-types'
import { type OrgBounds, readBounds } from './org-bounds'

/** What the store knows about one org besides its usage rows. */
export interface OrgMeta extends OrgBounds {
  readonly orgId: string
  readonly orgName: string
  readonly catalog: Catalog | null
  /** Every actor seen in synced usage, as last reported. */
  readonly actors: readonly ActorInfo[]
  readonly lastSyncedAt: string | null
  /** The service's watermark: the newest `data_refreshed_at` of any report page synced. */
  readonly dataRefreshedAt: string | null
  /** Bumped by every commit, so readers can tell that what they hold is stale. */
  readonly revision: number
}

/** One row of the `orgs` table as SQLite returns it. */
export interface OrgRow {
  id: number
  org_id: string
  name: string
  catalog: string | null
  last_synced_at: string | null
  data_refreshed_at: string | null
  hourly_from_hour: number | null
  synced_to_hour: number | null
  revision: number
}

/** The catalog JSON of an org row, checked; null (the org resyncs its catalog) when damaged. */
function parseCatalog(text: string | null): Catalog | null {
  if (text === null) return null
  try {
    const parsed = Catalog.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** The revision of an org, or null when the store has no such org (cheap: one indexed row). */
export function orgRevision(db: DatabaseSync, orgId: string): number | null {
  const row = db.prepare('SELECT revision FROM orgs WHERE org_id = ?').get(orgId) as { revision: number } | undefined
  return row ? Number(row.revision) : null
}

/** Reads one org's meta, or null when the store has none. */
export function readOrgMeta(db: DatabaseSync, orgId: string): OrgMeta | null {
  const row = db.prepare('SELECT * FROM orgs WHERE org_id = ?').get(orgId) as OrgRow | undefined
  if (!row) return null
  const actors = (db.prepare('SELECT actor_id, type, name, email, deleted FROM actors WHERE org = ? ORDER BY actor_id').all(row.id) as Array<Record<string, unknown>>).flatMap((a) => {
    const parsed = ActorInfo.safeParse({ id: a.actor_id, type: a.type, name: a.name, email: a.email, deleted: Number(a.deleted) === 1 })
    return parsed.success ? [parsed.data] : []
  })
  return {
    ...readBounds(db, Number(row.id), row.hourly_from_hour, row.synced_to_hour),
    orgId: row.org_id,
    orgName: row.name,
    catalog: parseCatalog(row.catalog),
    actors,
    lastSyncedAt: row.last_synced_at,
    dataRefreshedAt: row.data_refreshed_at,
    revision: Number(row.revision),
  }
}

/** Orgs in the store, by id and name. */
export function listOrgs(db: DatabaseSync): Array<{ id: string; name: string }> {
  return (db.prepare('SELECT org_id, name FROM orgs ORDER BY name').all() as Array<{ org_id: string; name: string }>).map((r) => ({ id: r.org_id, name: r.name }))
}
