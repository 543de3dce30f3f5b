import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { APP_CSP, hardenSession, hardenWebContents, withCspHeader } from './security'

vi.mock('electron', () => ({}))

const rendererUrl = 'file:///opt/Keyward/resources/app.asar/out/renderer/index.html'
const promptUrl = 'file:///opt/Keyward/resources/app.asar/out/renderer/prompt.html'

function fakeSession() {
  const s = {
    permissionRequest: undefined as undefined | ((c: unknown, p: string, cb: (g: boolean) => void) => void),
    permissionCheck: undefined as undefined | ((c: unknown, p: string) => boolean),
    headers: undefined as undefined | ((d: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void),
    setPermissionRequestHandler: vi.fn((h) => (s.permissionRequest = h)),
    setPermissionCheckHandler: vi.fn((h) => (s.permissionCheck = h)),
    webRequest: { onHeadersReceived: vi.fn((h) => (s.headers = h)) },
  }
  return s
}

describe('session hardening', () => {
  it('refuses every permission request and check', () => {
    const s = fakeSession()
    hardenSession(s, [rendererUrl, promptUrl])
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid']) {
      const cb = vi.fn()
      s.permissionRequest!({}, permission, cb)
      expect(cb).toHaveBeenCalledWith(false)
      expect(s.permissionCheck!({}, permission)).toBe(false)
    }
  })

  it('adds the strict CSP header to the app’s own pages, replacing any other, and leaves other URLs alone', () => {
    const s = fakeSession()
    hardenSession(s, [rendererUrl, promptUrl])
    const cb = vi.fn()
    s.headers!({ url: `${rendererUrl}#/profiles`, responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } }, cb)
    expect(cb).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [APP_CSP] } })
    const forPrompt = vi.fn()
    s.headers!({ url: promptUrl, responseHeaders: {} }, forPrompt)
    expect(forPrompt).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [APP_CSP] } })
    const other = vi.fn()
    s.headers!({ url: 'https://api.anthropic.com/v1/x', responseHeaders: { a: ['b'] } }, other)
    expect(other).toHaveBeenCalledWith({ responseHeaders: { a: ['b'] } })
    expect(withCspHeader('https://x/', undefined, [rendererUrl])).toBeUndefined()
  })

  it('the CSP allows only the app’s own scripts and styles, no inline code, no framing, no plugins', () => {
    const directives = Object.fromEntries(
      APP_CSP.split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v.join(' ')]),
    )
    expect(directives).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
      'form-action': "'none'",
    })
    expect(APP_CSP).not.toMatch(/unsafe-(inline|eval)/)
  })

  it('index.html and prompt.html carry the same policy in their meta tag (minus frame-ancestors, which meta cannot set)', () => {
    for (const page of ['index.html', 'prompt.html']) {
      const html = readFileSync(resolve(import.meta.dirname, '../../renderer', page), 'utf8')
      const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1]!
      expect(meta).toBe(APP_CSP.replace(" frame-ancestors 'none';", ''))
    }
  })
})

describe('web contents hardening', () => {
  it('blocks webviews, navigation, redirects and new windows for every web contents', () => {
    const handlers: Record<string, (e: { preventDefault(): void }, url?: string) => void> = {}
    let openHandler: ((d: { url: string }) => unknown) | undefined
    hardenWebContents({
      on: ((event: string, fn: (e: { preventDefault(): void }, url?: string) => void) => {
        handlers[event] = fn
      }) as never,
      setWindowOpenHandler: (fn) => {
        openHandler = fn
      },
    })
    for (const event of ['will-attach-webview', 'will-navigate', 'will-redirect']) {
      const e = { preventDefault: vi.fn() }
      handlers[event]!(e, 'https://evil.example/')
      expect(e.preventDefault).toHaveBeenCalled()
    }
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
  })
})
