/*
 * The sync schedule's interval, in a file of its own (no SDK, no zod) so that `keyward statusline`
 * can tell how old a cache may be before it is stale.
 */

/** The least time between scheduled syncs, whatever was configured. */
export const MIN_INTERVAL_MS = 60_000
/** The default time between scheduled syncs. */
export const DEFAULT_INTERVAL_MS = 5 * 60_000

/**
 * The schedule's interval from `KEYWARD_SYNC_INTERVAL_MINUTES` (default 5); never under a minute,
 * so a typo cannot hammer the Admin API.
 */
export function syncIntervalFromEnv(env: NodeJS.ProcessEnv): number {
  const minutes = Number(env.KEYWARD_SYNC_INTERVAL_MINUTES ?? '')
  if (!Number.isFinite(minutes) || minutes <= 0) return DEFAULT_INTERVAL_MS
  return Math.max(MIN_INTERVAL_MS, Math.round(minutes * 60_000))
}
