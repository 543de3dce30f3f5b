/** One bucket of usage for one (API key, workspace, model), as the sync stores it. */

/** The numeric (non-money) metrics, in the order every column and array uses. */
export const TOKEN_FIELDS = ['uncachedInput', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead', 'output', 'requests'] as const
/** How many numeric metrics a row has. */
export const NUMERIC_COUNT = TOKEN_FIELDS.length

/** A bucket of usage: `hours` long from `startHour` (hours since the epoch, UTC). */
export interface UsageRow {
  readonly startHour: number
  /** '' when the usage was not authenticated by an API key (e.g. the Console workbench). */
  readonly apiKeyId: string
  readonly workspaceId: string
  readonly model: string
  /** uncachedInput, cacheWrite5m, cacheWrite1h, cacheRead, output, requests: all integers. */
  readonly numbers: readonly number[]
  /** Cost in micro-cents. */
  readonly costMicro: bigint
}

/** Whether a segment holds daily (24-hour) or hourly buckets. */
export type SegmentKind = 'daily' | 'hourly'

/** One synced window: every row the API reported for [fromHour, toHour) at one bucket width. */
export interface Segment {
  readonly kind: SegmentKind
  readonly fromHour: number
  readonly toHour: number
  readonly rows: readonly UsageRow[]
}

/** Hours in a bucket of each kind. */
export const BUCKET_HOURS: Readonly<Record<SegmentKind, number>> = { daily: 24, hourly: 1 }
