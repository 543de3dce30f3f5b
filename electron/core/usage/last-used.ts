import type { KeyLastUse, KeysLastUsed } from '../../../shared/contract/usage.contract'
import type { UsageIndex } from './usage-index'

const HOUR_MS = 3_600_000

/** Each API key's last bucket with usage in an index (keys without any are left out; usage without a key too). */
export function lastUsedByKey(index: UsageIndex): Record<string, KeyLastUse> {
  const best = new Map<string, { hour: number; bucketHours: number }>()
  for (let s = 0; s < index.series.length; s++) {
    const keyId = index.series[s]!.apiKeyId
    if (keyId === '') continue
    const last = index.lastActive(s)
    if (!last) continue
    const seen = best.get(keyId)
    // Compare bucket ends: an hour late in a day beats that day's daily bucket, never the reverse.
    if (!seen || last.hour + last.bucketHours > seen.hour + seen.bucketHours) best.set(keyId, last)
  }
  const out: Record<string, KeyLastUse> = {}
  for (const [keyId, { hour, bucketHours }] of best) out[keyId] = { at: new Date(hour * HOUR_MS).toISOString(), bucket: bucketHours === 1 ? 'hour' : 'day' }
  return out
}

/** The answer for an org without a cache: never synced, so nothing is known. */
export function neverSynced(orgId: string): KeysLastUsed {
  return { orgId, lastSyncedAt: null, coveredFrom: null, keys: {} }
}
