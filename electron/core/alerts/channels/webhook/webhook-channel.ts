import type { Alert, Channel, DeliveryResult } from '../channel'
import { ALERT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from './signature'

/** What a webhook channel needs: the URL (from the vault), its body format, and for `json` the signing secret. */
export interface WebhookSettings {
  readonly name: string
  readonly url: string
  readonly format: 'slack' | 'json'
  readonly signingSecret?: string | undefined
  readonly timeoutMs?: number
  /** Unix seconds, injected by tests. */
  readonly now?: () => number
}

/** The body a webhook sends: Slack's `{"text": …}`, or the alert as JSON. */
export function webhookBody(alert: Alert, format: 'slack' | 'json'): string {
  if (format === 'slack') return JSON.stringify({ text: `*${alert.title}*\n${alert.body}` })
  return JSON.stringify({ id: alert.id, kind: alert.kind, title: alert.title, text: alert.body, createdAt: alert.createdAt, details: alert.details })
}

/** 408, 425, 429 and 5xx are worth retrying; any other 4xx will fail the same way again. */
function statusResult(status: number, statusText: string, retryAfter: string | null): DeliveryResult {
  if (status >= 200 && status < 300) return { kind: 'ok' }
  const reason = `the receiver answered HTTP ${status}${statusText ? ` ${statusText.slice(0, 60)}` : ''}`
  if (status >= 300 && status < 400) return { kind: 'permanent', reason: `${reason} (a redirect, which Keyward does not follow); give the channel its final URL` }
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    const seconds = retryAfter !== null && /^\d{1,6}$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined
    return { kind: 'transient', reason, ...(seconds !== undefined && { retryAfterMs: seconds }) }
  }
  return { kind: 'permanent', reason }
}

/** A webhook channel: one POST per alert, redirects not followed, 10 s timeout. */
export function createWebhookChannel(settings: WebhookSettings): Channel {
  const now = settings.now ?? (() => Math.floor(Date.now() / 1000))
  return {
    name: settings.name,
    async deliver(alert) {
      const body = webhookBody(alert, settings.format)
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Keyward', [ALERT_ID_HEADER]: alert.id }
      if (settings.format === 'json') {
        if (!settings.signingSecret) return { kind: 'permanent', reason: 'the signing secret is missing from the keychain; remove the channel and add it again' }
        const timestamp = now()
        headers[TIMESTAMP_HEADER] = String(timestamp)
        headers[SIGNATURE_HEADER] = signBody(settings.signingSecret, timestamp, body)
      }
      try {
        const response = await fetch(settings.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000) })
        await response.body?.cancel().catch(() => {})
        return statusResult(response.status, response.statusText, response.headers.get('retry-after'))
      } catch (error) {
        // Never the URL in the reason: a Slack URL's path is its token.
        const inner = (error as { cause?: { code?: string; message?: string } }).cause
        if (inner?.message === 'bad port') return { kind: 'permanent', reason: 'the URL uses a port that fetch refuses (a well-known port of another protocol); use the port the receiver gave' }
        const cause = inner?.code
        const name = (error as Error).name
        const why = name === 'TimeoutError' ? 'timed out' : cause ? `could not connect (${cause})` : 'could not connect'
        return { kind: 'transient', reason: `the receiver ${why}` }
      }
    },
  }
}
