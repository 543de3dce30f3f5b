import { RENDERER_CSP } from '../core/serving/http/rpc-http-server'
import { isAppPageUrl } from './trusted-sender'

/** The Content-Security-Policy for the app's own pages; the same one the daemon serves, and index.html's meta. */
export const APP_CSP = RENDERER_CSP

/** The part of Electron's `session` the hardening touches. */
export interface HardenableSession {
  setPermissionRequestHandler(handler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void
  setPermissionCheckHandler(handler: ((contents: unknown, permission: string) => boolean) | null): void
  webRequest: {
    onHeadersReceived(listener: (details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void): void
  }
}

/** Adds the CSP header to responses for the app's own pages (dashboard, prompt); other responses pass unchanged. */
export function withCspHeader(url: string, headers: Record<string, string[]> | undefined, appPages: readonly string[]): Record<string, string[]> | undefined {
  if (!isAppPageUrl(url, appPages)) return headers
  const kept = Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'))
  return { ...kept, 'Content-Security-Policy': [APP_CSP] }
}

/**
 * Locks the session down: every permission request (camera, notifications from the page,
 * geolocation, …) and permission check is refused, and the app's own pages get the CSP as a
 * response header too, so it holds even if the meta tag were stripped.
 */
export function hardenSession(session: HardenableSession, appPages: readonly string[]): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = withCspHeader(details.url, details.responseHeaders, appPages)
    callback(responseHeaders ? { responseHeaders } : {})
  })
}

/** The part of a WebContents the hardening touches. */
export interface HardenableContents {
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

/**
 * Applied to every web contents the app creates (`app.on('web-contents-created')`): no
 * webviews, no new windows, no navigation or redirects away from the page. The dashboard adds
 * "open http(s) links in the browser" on top (window.main.ts).
 */
export function hardenWebContents(contents: HardenableContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}
