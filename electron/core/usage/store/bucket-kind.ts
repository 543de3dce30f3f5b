/** Bucket kinds as stored in `usage.kind` and `actor_costs.kind` (apart from schema.ts, which re-exports it: running-sums.ts needs it and schema.ts needs running-sums.ts). */
export const KIND = { daily: 0, hourly: 1 } as const
