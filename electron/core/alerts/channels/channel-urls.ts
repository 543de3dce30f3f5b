import { isIP } from 'node:net'
import { KeywardError } from '../../../../shared/keyward-error'

/*
 * The rules for where a channel may send, checked when it is added (nothing is saved when one
 * fails): a webhook over https (plain http only to this machine, for tests and local relays); an
 * SMTP server over TLS (`smtps://`, or `smtp+starttls://` which refuses a server without STARTTLS),
 * plain `smtp://` only to this machine unless the person explicitly allows it.
 */

/** True for a host name that can only mean this machine: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (isIP(host) === 4) return host.startsWith('127.')
  return host === '::1'
}

function parseUrl(raw: string, what: string): URL {
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) throw new KeywardError('INVALID_INPUT', `the ${what} contains spaces or control characters; paste the URL as the service gave it`)
  try {
    return new URL(raw)
  } catch {
    throw new KeywardError('INVALID_INPUT', `the ${what} is not a URL (expected e.g. ${what === 'webhook URL' ? 'https://hooks.slack.com/services/…' : 'smtps://mail.example.com'})`)
  }
}

/** A checked webhook URL: https, or http to a loopback address; no user or password in it. */
export function checkWebhookUrl(raw: string): URL {
  const url = parseUrl(raw, 'webhook URL')
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new KeywardError('INVALID_INPUT', `a webhook URL must start with https:// (not ${url.protocol.slice(0, 20)})`)
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new KeywardError(
      'INVALID_INPUT',
      `the webhook URL uses plain http to ${url.hostname}, which would send alerts (and a Slack URL's token) unencrypted; use its https:// URL (plain http is allowed only to 127.0.0.1 or localhost)`,
    )
  }
  if (url.username !== '' || url.password !== '')
    throw new KeywardError('INVALID_INPUT', 'the webhook URL carries a user name or password; remove it (a signed JSON webhook uses the json format and a signing secret instead)')
  return url
}

/** How an SMTP connection is protected. */
export type SmtpSecurity = 'tls' | 'starttls' | 'plaintext'

/** A checked SMTP server: where, how protected, and the user and password the URL carried (the caller moves the password to the vault). */
export interface SmtpTarget {
  readonly host: string
  readonly port: number
  readonly security: SmtpSecurity
  readonly user: string | null
  readonly password: string | null
  /** The URL without its password, safe to store and show. */
  readonly safeUrl: string
}

/** Parses `smtps://[user[:password]@]host[:465]`, `smtp+starttls://…[:587]` or `smtp://…[:25]`. */
export function checkSmtpUrl(raw: string, allowPlaintext: boolean): SmtpTarget {
  const url = parseUrl(raw, 'SMTP URL')
  const security: SmtpSecurity | null = url.protocol === 'smtps:' ? 'tls' : url.protocol === 'smtp+starttls:' ? 'starttls' : url.protocol === 'smtp:' ? 'plaintext' : null
  if (security === null) throw new KeywardError('INVALID_INPUT', `an SMTP URL starts with smtps:// (TLS), smtp+starttls:// (STARTTLS) or smtp:// (no TLS), not ${url.protocol.slice(0, 20)}`)
  if (url.hostname === '') throw new KeywardError('INVALID_INPUT', 'the SMTP URL names no server; e.g. smtps://mail.example.com')
  if (security === 'plaintext' && !allowPlaintext && !isLoopbackHost(url.hostname)) {
    throw new KeywardError(
      'INVALID_INPUT',
      `smtp://${url.hostname} would send alerts and the SMTP password without TLS; use smtps://${url.hostname} (TLS, port 465) or smtp+starttls://${url.hostname} (port 587), or allow plaintext explicitly if that relay is on a network you trust`,
    )
  }
  if (url.pathname !== '' && url.pathname !== '/') throw new KeywardError('INVALID_INPUT', 'the SMTP URL has a path; give only smtps://[user@]host[:port]')
  const port = url.port === '' ? (security === 'tls' ? 465 : security === 'starttls' ? 587 : 25) : Number(url.port)
  const user = url.username === '' ? null : decodeURIComponent(url.username)
  const password = url.password === '' ? null : decodeURIComponent(url.password)
  const safe = new URL(url.href)
  safe.password = ''
  safe.search = ''
  safe.hash = ''
  return { host: url.hostname, port, security, user, password, safeUrl: safe.href.replace(/\/$/, '') }
}

/** A plain e-mail address (no display name, no line breaks, no commas): header injection stops here. */
export function checkAddress(raw: string, what: string): string {
  const address = raw.trim()
  if (!/^[^\s@,;<>"()\\]+@[^\s@,;<>"()\\.][^\s@,;<>"()\\]*$/.test(address) || address.length > 254) {
    throw new KeywardError('INVALID_INPUT', `${what} "${address.slice(0, 80).replace(/[\r\n]/g, ' ')}" is not an e-mail address like ops@example.com`)
  }
  return address
}

/** What a webhook URL shows in lists: scheme and host only, because a Slack URL's path is its token. */
export function webhookDisplay(url: URL): string {
  return `${url.protocol}//${url.host}/…`
}
