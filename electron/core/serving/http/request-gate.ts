import { createHash, timingSafeEqual } from 'node:crypto'

/** The header the renderer sends the daemon's token in (the token itself travels in the URL fragment). */
export const TOKEN_HEADER = 'x-keyward-token'

/** What a request to the local HTTP server must match. */
export interface GateExpectation {
  /** `127.0.0.1:PORT`: the only Host accepted, which defeats DNS rebinding. */
  readonly host: string
  /** `http://127.0.0.1:PORT`: the only Origin accepted when a browser sends one. */
  readonly origin: string
  readonly token: string
}

/** The headers the gate reads, as Node gives them (lower-case names). */
export interface GateHeaders {
  readonly host?: string | undefined
  readonly origin?: string | undefined
  readonly [TOKEN_HEADER]?: string | string[] | undefined
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

/**
 * Decides whether a request may reach the server. Returns null when it may, else the reason
 * (which names the header at fault, never the token). `needsToken` is false for the static
 * renderer files, which hold no secret and are fetched before the page can read its token.
 */
export function checkRequest(headers: GateHeaders, expected: GateExpectation, needsToken: boolean): string | null {
  if (headers.host !== expected.host) return `Host must be ${expected.host}`
  if (headers.origin !== undefined && headers.origin !== expected.origin) return `Origin ${headers.origin.slice(0, 100)} is not allowed`
  if (!needsToken) return null
  const token = headers[TOKEN_HEADER]
  if (typeof token !== 'string' || token.length === 0) return `the ${TOKEN_HEADER} header is missing`
  if (!sameSecret(token, expected.token)) return `the ${TOKEN_HEADER} header is wrong; open the URL that keyward daemon printed`
  return null
}
