/**
 * The runaway-script hour the emulator can stage (`--runaway` on `keyward emulator`, always on in
 * the demo): one active key burns through every model it uses for one whole hour, a few hours
 * before start-up, so the demo and the spike tests have exactly one spike to find.
 */
import type { OrgState } from './org-state'
import { hourOf } from './time'
import type { RunawayHour } from './usage-generator'

/** What a caller may pin; every field has a default. */
export interface RunawayOptions {
  /** The key (default: the first active key with usage over the whole day before the hour). */
  readonly apiKeyId?: string
  /** Whole hours before the current one (default 3). */
  readonly hoursAgo?: number
  /** Times the key's token caps (default 200). */
  readonly factor?: number
}

/** Default hours before start-up and cap multiple. */
export const RUNAWAY_DEFAULTS = { hoursAgo: 3, factor: 200 } as const

/**
 * Picks the key and hour. Throws when a pinned key does not exist or cannot have used the API
 * then; without a pinned key, an org with no key old enough (a day of usage before the hour)
 * simply has no runaway hour (null), so the demo always starts.
 */
export function resolveRunaway(state: OrgState, options: RunawayOptions, nowMs: number): RunawayHour | null {
  const hour = hourOf(nowMs) - (options.hoursAgo ?? RUNAWAY_DEFAULTS.hoursAgo)
  const usable = (k: OrgState['apiKeys'][number]): boolean => k.usageStartHour <= hour - 24 && (k.usageEndHour === null || k.usageEndHour > hour)
  const key = options.apiKeyId ? state.apiKeys.find((k) => k.wire.id === options.apiKeyId) : state.apiKeys.find((k) => k.wire.status === 'active' && usable(k))
  if (!options.apiKeyId && !key) return null
  if (!key || !usable(key)) throw new Error(`No key ${options.apiKeyId ?? ''} can stage a runaway hour ${options.hoursAgo ?? RUNAWAY_DEFAULTS.hoursAgo} hours ago.`)
  return { keyIndex: key.index, hour, factor: options.factor ?? RUNAWAY_DEFAULTS.factor }
}
