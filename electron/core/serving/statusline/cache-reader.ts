import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { readStateBytesSync, readStateFileSync } from '../../platform/fs/safe-file'
import { decodeSegment, type SegmentColumns } from '../../usage/segment-codec'
import { UsageIndex } from '../../usage/usage-index'
import type { CatalogKey } from '../../usage/usage-manifest'
import { NUMERIC_COUNT } from '../../usage/usage-row'

/*
 * The usage cache as `keyward statusline` reads it: zod-free (usage-manifest.ts's schema would cost
 * the status line more than everything else it does), and only what one line needs. The manifest
 * is checked by hand for the fields used here; anything else makes the org unreadable (the line
 * says so), never a guess. Only segments that reach into the asked window are opened, and only
 * the rows `keep` picks are copied into the index, so the work is proportional to one key's rows.
 * The index is the dashboard's own (usage-index.ts), so the sums and the day boundaries are the same.
 */

/** What the status line needs from one org's manifest. */
export interface CacheManifest {
  readonly orgId: string
  readonly orgName: string
  readonly lastSyncedAt: string | null
  readonly keys: readonly CatalogKey[]
  readonly segments: ReadonlyArray<{ file: string; kind: 'daily' | 'hourly'; fromHour: number; toHour: number }>
}

const SEGMENT_FILE = /^seg-[0-9a-z-]+\.kwseg$/
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isString = (v: unknown): v is string => typeof v === 'string'
const nullableString = (v: unknown): v is string | null => v === null || typeof v === 'string'

/** A manifest's text checked by hand for the fields above; null when it is not a version 2 manifest this reader accepts. */
export function parseCacheManifest(text: string): CacheManifest | null {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  // Version 2 (the usage-manifest.ts MANIFEST_VERSION): segments carry actor and product columns.
  if (!isObject(json) || json.version !== 2 || !isString(json.orgId) || !isString(json.orgName) || !nullableString(json.lastSyncedAt) || !Array.isArray(json.segments)) return null
  const segments: Array<CacheManifest['segments'][number]> = []
  for (const s of json.segments) {
    if (!isObject(s) || !isString(s.file) || !SEGMENT_FILE.test(s.file) || (s.kind !== 'daily' && s.kind !== 'hourly')) return null
    if (!Number.isInteger(s.fromHour) || !Number.isInteger(s.toHour)) return null
    segments.push({ file: s.file, kind: s.kind, fromHour: s.fromHour as number, toHour: s.toHour as number })
  }
  const keys: CatalogKey[] = []
  if (json.catalog !== null && json.catalog !== undefined) {
    if (!isObject(json.catalog) || !Array.isArray(json.catalog.keys)) return null
    for (const k of json.catalog.keys) {
      if (!isObject(k) || !isString(k.id) || !isString(k.name) || !nullableString(k.hint) || !nullableString(k.workspaceId) || !isString(k.status) || !isString(k.createdAt)) return null
      keys.push({ id: k.id, name: k.name, hint: k.hint, workspaceId: k.workspaceId, status: k.status, createdAt: k.createdAt })
    }
  }
  return { orgId: json.orgId, orgName: json.orgName, lastSyncedAt: json.lastSyncedAt, keys, segments }
}

/** One org's cache directory and its manifest, or why it cannot be read. */
export type CachedOrg = { readonly dir: string; readonly manifest: CacheManifest } | { readonly dir: string; readonly unreadable: string }

/** Every org cache under `<dataDir>/usage/`; a link, another user's file or a damaged manifest is reported, not followed. */
export function listCachedOrgs(dataDir: string): CachedOrg[] {
  const root = join(dataDir, 'usage')
  let dirs: string[]
  try {
    dirs = readdirSync(root).sort()
  } catch {
    return []
  }
  const out: CachedOrg[] = []
  for (const dir of dirs) {
    let text: string | null
    try {
      text = readStateFileSync(join(root, dir, 'manifest.json'))
    } catch (error) {
      out.push({ dir, unreadable: (error as Error).message })
      continue
    }
    if (text === null) continue
    const manifest = parseCacheManifest(text)
    out.push(manifest ? { dir, manifest } : { dir, unreadable: `${join(root, dir, 'manifest.json')} is not a usage manifest this version reads` })
  }
  return out
}

/** Keeps the rows of `seg` that `keep` picks, as a smaller segment with the same window. */
function filterSegment(seg: SegmentColumns, keep: (apiKeyId: string, workspaceId: string) => boolean): SegmentColumns {
  const picked: number[] = []
  for (let i = 0; i < seg.rows; i++) if (keep(seg.strings[seg.key[i]!] ?? '', seg.strings[seg.workspace[i]!] ?? '')) picked.push(i)
  const n = picked.length
  const take = (column: Uint32Array): Uint32Array => Uint32Array.from(picked, (i) => column[i]!)
  const numbers = new Float64Array(NUMERIC_COUNT * n)
  for (let m = 0; m < NUMERIC_COUNT; m++) picked.forEach((i, j) => (numbers[m * n + j] = seg.numbers[m * seg.rows + i]!))
  const cost = new BigInt64Array(n)
  picked.forEach((i, j) => (cost[j] = seg.cost[i]!))
  return { ...seg, rows: n, start: take(seg.start), key: take(seg.key), workspace: take(seg.workspace), model: take(seg.model), actor: take(seg.actor), product: take(seg.product), numbers, cost }
}

/**
 * The index over the rows `keep` picks, from the segments that end after `fromHour` (the window's
 * start, with a day's margin for the index's snapping to UTC midnight). Segments are kept in the
 * manifest's order, which decides which of two overlapping daily segments owns a day.
 */
export function loadIndex(dataDir: string, org: { dir: string; manifest: CacheManifest }, fromHour: number, keep: (apiKeyId: string, workspaceId: string) => boolean): UsageIndex {
  const wanted = org.manifest.segments.filter((s) => s.toHour > fromHour - 48)
  const segments: SegmentColumns[] = []
  for (const ref of wanted) {
    const bytes = readStateBytesSync(join(dataDir, 'usage', org.dir, ref.file))
    if (bytes === null) throw new Error(`the usage segment ${ref.file} is missing`)
    segments.push(filterSegment(decodeSegment(bytes), keep))
  }
  return new UsageIndex(segments)
}
