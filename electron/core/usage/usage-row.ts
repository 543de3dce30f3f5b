/** One bucket of usage for one (API key, workspace, model, actor, product), as the sync stores it. */

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
  /** The actor's id (see `actor-id.ts`); '' when the usage has no attributable identity. Absent in row objects: ''. */
  readonly actorId?: string
  /** The product surface (`claude_code`, `messages_api`, …); '' when the API names none. Absent in row objects: ''. */
  readonly product?: string
  /** uncachedInput, cacheWrite5m, cacheWrite1h, cacheRead, output, requests: all integers. */
  readonly numbers: readonly number[]
  /** Cost in micro-cents. */
  readonly costMicro: bigint
}

/** Whether a segment holds daily (24-hour) or hourly buckets. */
export type SegmentKind = 'daily' | 'hourly'

/**
 * One synced window, columnar: every row the API reported for [fromHour, toHour) at one bucket
 * width. Keys, workspaces, models, actors and products are ids into `strings`; metric m of row i is at
 * `numbers[m * rows + i]`. Columns rather than row objects, because a 31-day window of a
 * 2,000-key org is ~70,000 rows and the sync's memory is budgeted.
 */
export interface Segment {
  readonly kind: SegmentKind
  readonly fromHour: number
  readonly toHour: number
  readonly strings: readonly string[]
  readonly rows: number
  readonly start: Uint32Array
  readonly key: Uint32Array
  readonly workspace: Uint32Array
  readonly model: Uint32Array
  readonly actor: Uint32Array
  readonly product: Uint32Array
  readonly numbers: Float64Array
  readonly cost: BigInt64Array
}

/** A segment given as row objects (small writers and tests); the store turns it into columns. */
export interface RowSegment {
  readonly kind: SegmentKind
  readonly fromHour: number
  readonly toHour: number
  readonly rows: readonly UsageRow[]
}

/** Hours in a bucket of each kind. */
export const BUCKET_HOURS: Readonly<Record<SegmentKind, number>> = { daily: 24, hourly: 1 }
