import { createHmac, timingSafeEqual } from 'node:crypto'

/*
 * How a `json` webhook is signed, for receivers to verify:
 *   X-Keyward-Timestamp: <unix seconds>
 *   X-Keyward-Signature: sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 * The timestamp is inside the signed bytes, so a receiver that also rejects timestamps more than
 * a few minutes old cannot be fed a replay; X-Keyward-Alert-Id (also in the body as `id`) lets it
 * drop a duplicate delivery.
 */

export const SIGNATURE_HEADER = 'x-keyward-signature'
export const TIMESTAMP_HEADER = 'x-keyward-timestamp'
export const ALERT_ID_HEADER = 'x-keyward-alert-id'

/** The X-Keyward-Signature value for `body` sent at `timestamp` (unix seconds). */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/** True when `signature` is the one `signBody` gives (compared in constant time). */
export function verifySignature(secret: string, timestamp: number, body: string, signature: string): boolean {
  const expected = Buffer.from(signBody(secret, timestamp, body))
  const got = Buffer.from(signature)
  return expected.length === got.length && timingSafeEqual(expected, got)
}
