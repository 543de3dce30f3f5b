import type { UsageRow } from '../usage-row'
import type { UsageStore } from './usage-store'

/** Every usage row of an org as plain values (kind, start hour, series fields, numbers, cost), sorted: what tests compare before and after. */
export function dumpUsage(store: UsageStore, orgId: string): string[] {
  const db = store.db()
  if (!db) return []
  const rows = db
    .prepare(
      `SELECT u.kind, u.start_hour, se.api_key_id, se.workspace_id, se.model, se.actor_id, se.product, u.uncached_input, u.cache_write_5m, u.cache_write_1h, u.cache_read, u.output, u.requests, u.cost
       FROM usage u JOIN series se ON se.id = u.series JOIN orgs o ON o.id = u.org WHERE o.org_id = ?`,
    )
    .all(orgId) as Array<Record<string, unknown>>
  return rows.map((r) => Object.values(r).join('|')).sort()
}

/** Total cost (micro-cents) of an org's rows of one kind in [fromHour, toHour). */
export function storedCost(store: UsageStore, orgId: string, kind: 'daily' | 'hourly', fromHour: number, toHour: number): bigint {
  const db = store.db()
  if (!db) return 0n
  const statement = db.prepare('SELECT coalesce(sum(u.cost), 0) AS c FROM usage u JOIN orgs o ON o.id = u.org WHERE o.org_id = ? AND u.kind = ? AND u.start_hour >= ? AND u.start_hour < ?')
  statement.setReadBigInts(true)
  return BigInt((statement.get(orgId, kind === 'daily' ? 0 : 1, fromHour, toHour) as { c: bigint }).c)
}

/** Windows of row objects to commit at once (tests): each becomes one window commit, then the sync time. */
export function commitRows(
  store: UsageStore,
  orgId: string,
  change: {
    orgName: string
    add?: ReadonlyArray<{ kind: 'daily' | 'hourly'; fromHour: number; toHour: number; rows: readonly UsageRow[] }>
    lastSyncedAt?: string
    watermark?: string | null
    fetchedAt?: string
  },
): void {
  for (const w of change.add ?? []) {
    const stage = store.stage()
    stage.page((add) => {
      for (const r of w.rows) {
        const group = { apiKeyId: r.apiKeyId, workspaceId: r.workspaceId, model: r.model, actorId: r.actorId ?? '', product: r.product ?? '' }
        add.usage(r.startHour, group, r.numbers)
        add.cost(r.startHour, group, r.costMicro)
      }
    })
    store.commitWindow(orgId, w, stage, { orgName: change.orgName, watermark: change.watermark ?? null, fetchedAt: change.fetchedAt ?? new Date(w.toHour * 3_600_000).toISOString() })
  }
  store.commitMeta(orgId, { orgName: change.orgName, ...(change.lastSyncedAt !== undefined && { lastSyncedAt: change.lastSyncedAt }) })
}
