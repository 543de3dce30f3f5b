/*
 * An alert channel: somewhere besides the desktop that receives alerts (a webhook, an e-mail
 * address). An alert is a notice raised by a budget or the spike rule, sent to the channels it names. Each kind is a folder with its own `deliver`; memory-channel.ts is the
 * in-memory twin for tests. The outbox (outbox/) calls `deliver` and decides from the result
 * whether to retry.
 */

/** What a channel sends: one alert, with an id the receiver can deduplicate on. */
export interface Alert {
  /** `alrt_` + 24 hex digits; the same on every retry (header X-Keyward-Alert-Id, e-mail Message-ID). */
  readonly id: string
  /** The notice's kind (`budget-threshold`, `budget-projection`, `usage-spike`), for receivers that route on it. */
  readonly kind: string
  readonly title: string
  readonly body: string
  /** When the alert was raised (ISO 8601, UTC). */
  readonly createdAt: string
  /** The notice's own fields (never a key or a secret), for JSON receivers. */
  readonly details: Readonly<Record<string, unknown>>
}

/**
 * How a delivery went: `ok` (the receiver took it), `transient` (try again later: the receiver
 * is down, busy or slow) or `permanent` (retrying cannot help: the URL is wrong, the address
 * refused, the credentials rejected). `reason` is shown to people and logged, so it never holds a secret.
 */
export type DeliveryResult = { readonly kind: 'ok' } | { readonly kind: 'transient'; readonly reason: string; readonly retryAfterMs?: number } | { readonly kind: 'permanent'; readonly reason: string }

/** One configured channel, ready to deliver. */
export interface Channel {
  readonly name: string
  deliver(alert: Alert): Promise<DeliveryResult>
}
