import type { AdminApiKey, KeysLastUsed } from '../../../../shared/contract'
import { currentLocale } from '../../format'
import { formatDate, formatDateTime, formatRelative } from '../../dates'
import type { CreatorName } from '../../stores/api-key-context-store'

/** A table cell's words and the tooltip that explains them. */
export interface CellText {
  text: string
  title?: string
}

const DAY_MS = 86_400_000

/** Who created a key, by name: an org user's name (email in the tooltip), or a readable label for anyone else; `listFailed` when the users could not be listed. */
export function creatorCell(createdBy: AdminApiKey['createdBy'], users: ReadonlyMap<string, CreatorName> | null, listFailed = false): CellText {
  if (createdBy === null) return { text: '—' }
  if (createdBy.type === 'service_account') return { text: 'Service account', title: createdBy.id }
  if (createdBy.type !== 'user') return { text: `Unknown creator (${createdBy.type})`, title: createdBy.id }
  if (users === null) return listFailed ? { text: 'A user', title: `${createdBy.id} (the org's users could not be listed)` } : { text: '…', title: createdBy.id }
  const user = users.get(createdBy.id)
  if (!user) return { text: 'Former or unknown user', title: createdBy.id }
  return { text: user.name.trim() || user.email, title: user.email }
}

/**
 * When a key was last used, from the local usage cache: how long ago for hourly buckets (the time,
 * in the user's time zone, on hover), a UTC day for daily ones; "never synced" without a cache, "no use in N days" when synced but idle.
 */
export function lastUseCell(keyId: string, lastUsed: KeysLastUsed | null, now: number = Date.now(), locale = currentLocale()): CellText {
  if (lastUsed === null) return { text: '…', title: 'Reading the usage cache' }
  if (lastUsed.lastSyncedAt === null) return { text: 'never synced', title: 'Sync usage (Usage screen or keyward sync) to see when keys were last used' }
  const hit = lastUsed.keys[keyId]
  const synced = `usage synced ${formatDateTime(lastUsed.lastSyncedAt, locale)}`
  if (!hit) {
    const days = lastUsed.coveredFrom === null ? 90 : Math.max(1, Math.round((now - Date.parse(lastUsed.coveredFrom)) / DAY_MS))
    return { text: `no use in ${days} days`, title: synced }
  }
  if (hit.bucket === 'hour') return { text: formatRelative(hit.at, new Date(now), locale), title: `the hour starting ${formatDateTime(hit.at, locale)}; ${synced}` }
  return { text: formatDate(hit.at, locale, 'UTC'), title: `that UTC day; ${synced}` }
}
