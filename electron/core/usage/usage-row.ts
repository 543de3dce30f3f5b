/** One bucket of usage for one (API key, workspace, model, actor, product), as row objects (tests and tools). */

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
