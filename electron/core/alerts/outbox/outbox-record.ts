import { z } from 'zod'
import type { Alert, DeliveryResult } from '../channels/channel'
import { type RetryPolicy, retryDelay } from './backoff'

/**
 * One alert for one channel, as it sits in `<dataDir>/outbox/<alert id>.<channel>.json`, and the
 * pure rules that move it along:
 *
 *   pending ──claim──▶ sending ──ok──────────▶ delivered
 *      ▲                  │ ──transient──▶ pending (nextAttemptAt = now + backoff), or failed past maxAttempts
 *      └──────────────────┘ ──permanent──▶ failed
 *
 * A record found in `sending` when the outbox starts was cut off by a crash mid-delivery: it is
 * due again at once (see outbox.ts for why that is the right way round).
 */
export const OutboxRecord = z.object({
  version: z.literal(1),
  alert: z.object({
    id: z.string().regex(/^alrt_[0-9a-f]{24}$/),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    createdAt: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
  channel: z.string(),
  state: z.enum(['pending', 'sending', 'delivered', 'failed']),
  attempts: z.number().int().min(0),
  /** Epoch ms; when the next try is due (pending), null otherwise. */
  nextAttemptAt: z.number().nullable(),
  lastError: z.string().nullable(),
  updatedAt: z.number(),
})
export type OutboxRecord = z.infer<typeof OutboxRecord>

/** A new record: due now. */
export function newRecord(alert: Alert, channel: string, now: number): OutboxRecord {
  return { version: 1, alert: { ...alert, details: { ...alert.details } }, channel, state: 'pending', attempts: 0, nextAttemptAt: now, lastError: null, updatedAt: now }
}

/** True when the record should be tried at `now`. */
export function isDue(record: OutboxRecord, now: number): boolean {
  if (record.state === 'sending') return true
  return record.state === 'pending' && (record.nextAttemptAt ?? 0) <= now
}

/** The record as written just before the send: one more attempt, in flight. */
export function claim(record: OutboxRecord, now: number): OutboxRecord {
  return { ...record, state: 'sending', attempts: record.attempts + 1, nextAttemptAt: null, updatedAt: now }
}

/** The record after the channel answered `result` to the attempt `claim` recorded. */
export function settle(record: OutboxRecord, result: DeliveryResult, now: number, policy: RetryPolicy, random: number): OutboxRecord {
  if (result.kind === 'ok') return { ...record, state: 'delivered', nextAttemptAt: null, lastError: null, updatedAt: now }
  if (result.kind === 'permanent') return { ...record, state: 'failed', nextAttemptAt: null, lastError: result.reason, updatedAt: now }
  if (record.attempts >= policy.maxAttempts) {
    return { ...record, state: 'failed', nextAttemptAt: null, lastError: `${result.reason}; gave up after ${record.attempts} tries`, updatedAt: now }
  }
  return { ...record, state: 'pending', nextAttemptAt: now + retryDelay(policy, record.attempts, random, result.retryAfterMs), lastError: result.reason, updatedAt: now }
}

/** A failed record put back in the queue by a person (after fixing the channel): due now, tries counted afresh. */
export function requeue(record: OutboxRecord, now: number): OutboxRecord {
  return { ...record, state: 'pending', attempts: 0, nextAttemptAt: now, updatedAt: now }
}
