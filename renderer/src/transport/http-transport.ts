import type { Transport } from '../../../shared/client'
import type { Result } from '../../../shared/result'

/** The header the daemon expects the token in (mirrors the core's TOKEN_HEADER). */
const TOKEN_HEADER = 'x-keyward-token'
const TOKEN_STORAGE_KEY = 'keyward.token'

/**
 * Takes the token from the URL fragment (`#token=…`) that `keyward daemon --ui` printed, keeps it
 * in sessionStorage so a reload still works, and removes it from the address bar and history.
 */
export function takeTokenFromLocation(location: Location, history: History, storage: Storage): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash)
  if (match?.[1]) {
    storage.setItem(TOKEN_STORAGE_KEY, match[1])
    history.replaceState(null, '', location.pathname + location.search)
    return match[1]
  }
  return storage.getItem(TOKEN_STORAGE_KEY)
}

/** Why the page cannot reach the daemon at all: it has no token, or the daemon refused the one it has. */
export type TokenProblem = 'missing' | 'refused'

/**
 * The HTTP transport onto the daemon's `/rpc`, used when the page is not inside Electron. A missing
 * or refused token is reported once through `onTokenProblem`, so the app shows one page about it
 * instead of the same error on every screen.
 */
export function httpTransport(token: string | null, fetchImpl: typeof fetch = fetch, onTokenProblem: (problem: TokenProblem) => void = () => {}): Transport {
  return async (name, input) => {
    if (!token) {
      onTokenProblem('missing')
      return { ok: false, error: { code: 'NOT_ALLOWED', message: 'This page has no access token: open the address the daemon printed, with its #token= part.' } }
    }
    let response: Response
    try {
      response = await fetchImpl('/rpc', {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify({ name, input }),
      })
    } catch {
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'Keyward is not reachable: is keyward daemon still running?' } }
    }
    try {
      const result = (await response.json()) as Result<unknown>
      if (response.status === 403 && !result.ok && result.error.message.includes(TOKEN_HEADER)) onTokenProblem('refused')
      return result
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: `Keyward answered ${response.status} without a result.` } }
    }
  }
}
