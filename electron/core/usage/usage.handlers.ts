import type { Handlers } from '../router'
import type { SyncService } from './sync-service'
import { projectUsage, watermarksOf } from './usage-projection'
import type { UsageQueryService } from './usage-service'

/** Handlers for `usage.*`. */
export function usageHandlers(
  queries: UsageQueryService,
  sync: SyncService,
  now: () => Date = () => new Date(),
): Pick<Handlers, 'usage.summary' | 'usage.daily' | 'usage.key' | 'usage.projection' | 'usage.people' | 'usage.person' | 'usage.lastUsed' | 'usage.status' | 'usage.sync'> {
  return {
    'usage.summary': (input) => queries.summary(input),
    'usage.daily': (input) => queries.daily(input),
    'usage.key': (input) => queries.keyDetail(input),
    'usage.projection': async (input) => projectUsage(queries, { ...input, now: now(), watermarks: watermarksOf(await sync.status().catch(() => [])) }),
    'usage.people': (input) => queries.people(input),
    'usage.person': (input) => queries.person(input),
    'usage.lastUsed': ({ orgId }) => queries.lastUsed(orgId),
    'usage.status': async () => ({ orgs: await sync.status() }),
    'usage.sync': async ({ orgId }) => ({ orgs: await sync.syncNow(orgId) }),
  }
}
