/** Bucket kinds as stored in `usage.kind` and `usage_sums.kind`. */
export const KIND = { daily: 0, hourly: 1 } as const

/** The hours between two buckets of a kind. */
export const stepHours = (kind: number): number => (kind === KIND.hourly ? 1 : 24)
