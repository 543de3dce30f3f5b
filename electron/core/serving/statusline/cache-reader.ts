import type { DatabaseSync } from 'node:sqlite'
import { readBounds } from '../../usage/store/org-bounds'
import type { OrgRow as StoredOrgRow } from '../../usage/store/org-meta'
import { openUsageDb } from '../../usage/store/usage-db'
import { type SeriesFilter, UsageView } from '../../usage/store/usage-view'
import type { CatalogKey } from '../../usage/catalog-types'

/*
 * The usage store as `keyward statusline` reads it: read-only, zod-free (the catalog's keys are
 * checked by hand for the fields used here; anything else makes the org unreadable, and the line
 * says so, never a guess), and only what one line needs: the view over one key's series (or a
 * budget's workspace), so the work is a couple of indexed queries. The view is the dashboard's
 * own (usage-view.ts), so the sums and the day boundaries are the same.
 */

/** What the status line needs from one org. */
export interface CacheManifest {
  readonly orgId: string
  readonly orgName: string
  readonly lastSyncedAt: string | null
  /** The service's watermark for the org (figures are complete up to it). */
  readonly dataRefreshedAt: string | null
  readonly keys: readonly CatalogKey[]
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isString = (v: unknown): v is string => typeof v === 'string'
const nullableString = (v: unknown): v is string | null => v === null || typeof v === 'string'

/** An org's catalog JSON checked by hand for its keys; null when it is not a catalog this reader accepts. */
export function parseCatalogKeys(text: string | null): CatalogKey[] | null {
  if (text === null) return []
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  if (!isObject(json) || !Array.isArray(json.keys)) return null
  const keys: CatalogKey[] = []
  for (const k of json.keys) {
    if (!isObject(k) || !isString(k.id) || !isString(k.name) || !nullableString(k.hint) || !nullableString(k.workspaceId) || !isString(k.status) || !isString(k.createdAt)) return null
    keys.push({ id: k.id, name: k.name, hint: k.hint, workspaceId: k.workspaceId, status: k.status, createdAt: k.createdAt })
  }
  return keys
}

/** One org in the store and what the status line needs of it, or why it cannot be read. */
export type CachedOrg =
  | { readonly dir: string; readonly manifest: CacheManifest; readonly db: DatabaseSync; readonly row: { id: number; hourlyFrom: number | null; syncedTo: number | null } }
  | { readonly dir: string; readonly unreadable: string }

/** The columns of an org row the line reads (the store's own row type; a type, so nothing of org-meta.ts's zod is loaded). */
type OrgRow = Omit<StoredOrgRow, 'revision'>

/** Every org in `<dataDir>/usage.db`, opened read-only; a link, another user's file or a damaged store is reported, not followed. */
export function listCachedOrgs(dataDir: string): CachedOrg[] {
  let db: DatabaseSync | null
  try {
    db = openUsageDb(dataDir, { readOnly: true })
  } catch (error) {
    return [{ dir: 'usage.db', unreadable: (error as Error).message }]
  }
  if (db === null) return []
  let rows: OrgRow[]
  try {
    rows = db.prepare('SELECT id, org_id, name, catalog, last_synced_at, data_refreshed_at, hourly_from_hour, synced_to_hour FROM orgs ORDER BY org_id').all() as unknown as OrgRow[]
  } catch (error) {
    // A store that was never migrated has no tables yet: nothing synced.
    if (/no such table/.test((error as Error).message)) return []
    return [{ dir: 'usage.db', unreadable: `the usage database could not be read (${(error as Error).message.slice(0, 120)})` }]
  }
  const open = db
  return rows.map((r): CachedOrg => {
    const keys = parseCatalogKeys(r.catalog)
    if (keys === null) return { dir: r.org_id, unreadable: `the catalog of org ${r.name.slice(0, 80)} in the usage database is not one this version reads; run: keyward sync` }
    return {
      dir: r.org_id,
      manifest: { orgId: r.org_id, orgName: r.name, lastSyncedAt: r.last_synced_at, dataRefreshedAt: r.data_refreshed_at, keys },
      db: open,
      row: { id: Number(r.id), hourlyFrom: r.hourly_from_hour === null ? null : Number(r.hourly_from_hour), syncedTo: r.synced_to_hour === null ? null : Number(r.synced_to_hour) },
    }
  })
}

/** The view over the series `filter` picks (one key's, a budget's workspaces, or the whole org). */
export function loadIndex(org: Extract<CachedOrg, { db: DatabaseSync }>, filter: SeriesFilter): UsageView {
  return new UsageView(org.db, readBounds(org.db, org.row.id, org.row.hourlyFrom, org.row.syncedTo), filter)
}
