import { randomBytes } from 'node:crypto'
import { readdir, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../platform/config/atomic-write'
import { withFileLock } from '../platform/config/file-lock'
import { ensurePrivateDir } from '../platform/fs/private-dir'
import { STATE_FILE_MAX_BYTES, readFileNoFollow, readStateFile } from '../platform/fs/safe-file'
import { type SegmentColumns, decodeSegment, encodeSegment } from './segment-codec'
import { type ActorInfo, type Catalog, Manifest, type SegmentRef, emptyManifest } from './usage-manifest'
import { segmentFromRows } from './cell-table'
import type { RowSegment, Segment } from './usage-row'

/** What one commit changes: segments added, segment files dropped, and optionally the catalog and sync time. */
export interface CommitChange {
  readonly orgName: string
  readonly add?: ReadonlyArray<Segment | RowSegment>
  readonly remove?: readonly string[]
  readonly catalog?: Catalog
  readonly lastSyncedAt?: string
  /** Actors seen in the added segments; merged by id, the newest report's names win. */
  readonly actors?: readonly ActorInfo[]
}

/**
 * The usage cache on disk: `<dataDir>/usage/<org>/manifest.json` plus one immutable segment
 * file per synced window. A commit writes its new segment files first, then replaces the
 * manifest atomically; until that rename nothing a reader sees has changed, so a failed or
 * interrupted window leaves the cache exactly as it was. Unreferenced files are removed after.
 */
export interface UsageStore {
  readonly root: string
  /** Orgs that have a cache. */
  orgIds(): Promise<string[]>
  /** An org's manifest, or null when it has none (or an unreadable one, which is set aside). */
  manifest(orgId: string): Promise<Manifest | null>
  /** Applies one change atomically under the org's lock and returns the new manifest. */
  commit(orgId: string, change: CommitChange): Promise<Manifest>
  /** Reads and checks one segment file of an org. */
  segment(orgId: string, ref: SegmentRef): Promise<SegmentColumns>
}

/** Directory-safe form of an org id. */
export function orgDirName(orgId: string): string {
  return orgId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100) || '_'
}

/** Opens the usage cache under `dataDir`; nothing is read until asked. */
export function createUsageStore(dataDir: string): UsageStore {
  const root = join(dataDir, 'usage')
  const dirOf = (orgId: string): string => join(root, orgDirName(orgId))

  async function readManifest(orgId: string): Promise<Manifest | null> {
    const path = join(dirOf(orgId), 'manifest.json')
    // A link, a FIFO or another user's file is refused (UnsafeFileError names it), never followed or set aside.
    const text = await readStateFile(path)
    if (text === null) return null
    const parsed = (() => {
      try {
        return Manifest.safeParse(JSON.parse(text))
      } catch {
        return null
      }
    })()
    if (parsed?.success) return parsed.data
    // A damaged or foreign-version manifest is kept for inspection and the org resyncs from scratch.
    await rename(path, `${path}.unreadable-${Date.now()}`).catch(() => {})
    return null
  }

  async function collectGarbage(orgId: string, manifest: Manifest): Promise<void> {
    const live = new Set(manifest.segments.map((s) => s.file))
    const files = await readdir(dirOf(orgId)).catch(() => [] as string[])
    await Promise.all(files.filter((f) => f.endsWith('.kwseg') && !live.has(f)).map((f) => unlink(join(dirOf(orgId), f)).catch(() => {})))
  }

  return {
    root,
    async orgIds() {
      const dirs = await readdir(root).catch(() => [] as string[])
      const ids: string[] = []
      for (const dir of dirs) {
        const m = await readManifest(dir).catch(() => null)
        if (m) ids.push(m.orgId)
      }
      return ids
    },
    manifest: readManifest,
    async commit(orgId, change) {
      const dir = dirOf(orgId)
      ensurePrivateDir(dir)
      return withFileLock(join(dir, 'manifest.lock'), async () => {
        const current = (await readManifest(orgId)) ?? emptyManifest(orgId, change.orgName)
        const added: SegmentRef[] = []
        for (const given of change.add ?? []) {
          const segment = Array.isArray(given.rows) ? segmentFromRows(given.kind, given.fromHour, given.toHour, given.rows as RowSegment['rows']) : (given as Segment)
          const file = `seg-${segment.kind}-${segment.fromHour}-${randomBytes(4).toString('hex')}.kwseg`
          await writeFileAtomic(join(dir, file), encodeSegment(segment))
          added.push({ file, kind: segment.kind, fromHour: segment.fromHour, toHour: segment.toHour, rows: segment.rows })
        }
        const removed = new Set(change.remove ?? [])
        const next: Manifest = {
          ...current,
          orgName: change.orgName,
          segments: [...current.segments.filter((s) => !removed.has(s.file)), ...added].sort((a, b) => a.fromHour - b.fromHour || a.kind.localeCompare(b.kind)),
          catalog: change.catalog ?? current.catalog,
          lastSyncedAt: change.lastSyncedAt ?? current.lastSyncedAt,
          actors: mergeActors(current.actors, change.actors ?? []),
          generation: current.generation + 1,
        }
        await writeFileAtomic(join(dir, 'manifest.json'), `${JSON.stringify(next)}\n`)
        await collectGarbage(orgId, next)
        return next
      })
    },
    async segment(orgId, ref) {
      const path = join(dirOf(orgId), ref.file)
      const bytes = await readFileNoFollow(path, STATE_FILE_MAX_BYTES, { ownOnly: true })
      if (bytes === null) throw Object.assign(new Error(`ENOENT: the usage segment ${path} is missing`), { code: 'ENOENT' })
      return decodeSegment(bytes)
    },
  }
}

/** Actors by id, `newer` replacing `older`, sorted by id so the manifest is stable. */
function mergeActors(older: readonly ActorInfo[], newer: readonly ActorInfo[]): ActorInfo[] {
  const byId = new Map(older.map((a) => [a.id, a]))
  for (const a of newer) byId.set(a.id, a)
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
