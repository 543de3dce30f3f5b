import type { KeyLastUse, KeysLastUsed } from '../../../shared/contract/usage.contract'
import type { UsageView } from './store/usage-view'

const HOUR_MS = 3_600_000

/** Each API key's last bucket with usage in a view (keys without any are left out; usage without a key too). */
export function lastUsedByKey(index: UsageView): Record<string, KeyLastUse> {
  const best = index.lastActiveByKey()
  const out: Record<string, KeyLastUse> = {}
  for (const [keyId, { hour, bucketHours }] of best) out[keyId] = { at: new Date(hour * HOUR_MS).toISOString(), bucket: bucketHours === 1 ? 'hour' : 'day' }
  return out
}

/** The answer for an org without a cache: never synced, so nothing is known. */
export function neverSynced(orgId: string): KeysLastUsed {
  return { orgId, lastSyncedAt: null, coveredFrom: null, keys: {} }
}
