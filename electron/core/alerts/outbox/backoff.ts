/** How the outbox retries: exponential from `baseMs`, capped at `capMs`, jittered, at most `maxAttempts` tries. */
export interface RetryPolicy {
  readonly baseMs: number
  readonly capMs: number
  readonly maxAttempts: number
}

/** 10 s, 20 s, 40 s … capped at 15 minutes; 40 tries cover about 9 hours of a receiver being down. */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 10_000, capMs: 15 * 60_000, maxAttempts: 40 }

/**
 * The wait before try number `attempts + 1`, after `attempts` failed: base·2^(attempts−1) capped,
 * then "equal jitter" (half fixed, half random), so many Keywards whose receiver came back do not
 * retry in step. `random` is in [0, 1). A receiver's Retry-After is honoured up to the cap.
 */
export function retryDelay(policy: RetryPolicy, attempts: number, random: number, retryAfterMs?: number): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)))
  const jittered = Math.round(exp / 2 + (exp / 2) * random)
  return retryAfterMs === undefined ? jittered : Math.min(policy.capMs, Math.max(jittered, retryAfterMs))
}
