/**
 * Compares file URLs the way Windows compares paths' drive letters: Chromium reports
 * `file:///C:/…` whatever case the path we built the URL from had (`file:///c:/…`).
 */
function normalizedPathname(url: URL): string {
  return url.pathname.replace(/^\/([A-Za-z])(:|%3A)/i, (_m, drive: string) => `/${drive.toLowerCase()}:`)
}

/**
 * Whether a URL is one of the app's own pages: the built `index.html` (any hash or query) or
 * another page of the renderer build (the prompt window's), or in development the dev server's
 * origin. Anything else (another file, another scheme, another origin) is refused.
 */
export function isAppPageUrl(pageUrl: string | undefined, appPages: readonly string[]): boolean {
  if (!pageUrl) return false
  let page: URL
  try {
    page = new URL(pageUrl)
  } catch {
    return false
  }
  return appPages.some((appPage) => {
    let expected: URL
    try {
      expected = new URL(appPage)
    } catch {
      return false
    }
    if (expected.protocol === 'file:') return page.protocol === 'file:' && normalizedPathname(page) === normalizedPathname(expected)
    return page.origin === expected.origin
  })
}

/** The part of Electron's WebFrameMain the sender check reads. */
export interface SenderFrame {
  readonly url: string
  /** True while the frame runs unload handlers after being replaced (Electron ≥ 33). */
  readonly detached?: boolean
}

/** The part of a BrowserWindow the sender check reads. */
export interface SenderWindow {
  isDestroyed(): boolean
  readonly webContents: { readonly mainFrame: SenderFrame }
}

/**
 * Decides whether an IPC message comes from our own page in our own window: the sender frame
 * must be that window's top frame (by identity: Electron keeps one WebFrameMain per frame, so
 * an iframe or another window's frame never equals it), not detached (an unloading page whose
 * frame was already handed to the next one), and still showing one of the app's pages.
 * `senderFrame` is null when the frame navigated or was destroyed: refused.
 */
export function isTrustedSender(senderFrame: SenderFrame | null | undefined, win: SenderWindow | null | undefined, appPages: readonly string[]): boolean {
  if (!senderFrame || !win || win.isDestroyed()) return false
  if (senderFrame !== win.webContents.mainFrame || senderFrame.detached === true) return false
  return isAppPageUrl(senderFrame.url, appPages)
}
