import { z } from 'zod'

/** The manifest's format version; a manifest of another version is set aside and the org resynced. */
export const MANIFEST_VERSION = 1

/** An org API key as the cache remembers it (names and hints for display, workspace for grouping). */
export const CatalogKey = z.object({
  id: z.string(),
  name: z.string(),
  hint: z.string().nullable(),
  workspaceId: z.string().nullable(),
  status: z.string(),
  createdAt: z.string(),
})
export type CatalogKey = z.infer<typeof CatalogKey>

/** A server-side spend limit as the cache remembers it; `amountCents` is the API's minor-unit string. */
export const CatalogSpendLimit = z.object({
  id: z.string(),
  scopeType: z.string(),
  workspaceId: z.string().nullable(),
  period: z.string(),
  amountCents: z.string().nullable(),
  currency: z.string(),
  enabled: z.boolean(),
})
export type CatalogSpendLimit = z.infer<typeof CatalogSpendLimit>

/** What the sync learns about the org besides usage: keys, workspaces and spend limits. */
export const Catalog = z.object({
  keys: z.array(CatalogKey),
  workspaces: z.array(z.object({ id: z.string(), name: z.string() })),
  spendLimits: z.array(CatalogSpendLimit),
})
export type Catalog = z.infer<typeof Catalog>

/** One committed segment file. */
export const SegmentRef = z.object({
  file: z.string().regex(/^seg-[0-9a-z-]+\.kwseg$/),
  kind: z.enum(['daily', 'hourly']),
  fromHour: z.number().int(),
  toHour: z.number().int(),
  rows: z.number().int(),
})
export type SegmentRef = z.infer<typeof SegmentRef>

/** An org's cache: which segments are live, the catalog, and when the last sync finished. */
export const Manifest = z.object({
  version: z.literal(MANIFEST_VERSION),
  orgId: z.string(),
  orgName: z.string(),
  segments: z.array(SegmentRef),
  catalog: Catalog.nullable(),
  lastSyncedAt: z.string().nullable(),
  /** Bumped on every commit, so readers can tell that their in-memory index is stale. */
  generation: z.number().int(),
})
export type Manifest = z.infer<typeof Manifest>

/** The manifest of an org that has never synced. */
export function emptyManifest(orgId: string, orgName: string): Manifest {
  return { version: MANIFEST_VERSION, orgId, orgName, segments: [], catalog: null, lastSyncedAt: null, generation: 0 }
}
