import { BrowserWindow, shell } from 'electron'
import { navigateScript, screenUrl } from './deep-link'
import { DEFAULT_WINDOW_STATE, MIN_WINDOW_SIZE, type WindowState } from './window-state'

/** Only http(s) links leave the app, and they open in the user's browser. */
export function openExternally(url: string): void {
  if (/^https?:\/\//.test(url)) void shell.openExternal(url)
}

/** How the dashboard starts: where, how big, on which screen, and whether to show itself once ready. */
export interface DashboardOptions {
  readonly preloadPath: string
  readonly rendererUrl: string
  readonly isDev: boolean
  readonly state?: WindowState
  readonly screen?: { screen: string; rest: readonly string[] }
  /** False when started at login (`--hidden`): the window loads but stays in the tray until asked for. */
  readonly showWhenReady?: boolean
}

/** Creates the dashboard window hidden, shows it when ready, and denies navigation and new windows. */
export function createDashboardWindow(options: DashboardOptions): BrowserWindow {
  const state = options.state ?? DEFAULT_WINDOW_STATE
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined && { x: state.x, y: state.y }),
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Keyward',
    // Written out here, not built by a helper, so electronegativity can read every option.
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // A middle click would otherwise open a link in a new Electron window.
      disableBlinkFeatures: 'Auxclick',
      devTools: options.isDev,
    },
  })
  // maximize() also shows the window (Electron: "This will also show (but not focus) the window"),
  // so a window saved maximized is maximized only when it is shown: at once, or on its first show.
  win.once('ready-to-show', () => {
    if (options.showWhenReady === false) {
      if (state.maximized) win.once('show', () => win.maximize())
      return
    }
    if (state.maximized) win.maximize()
    win.show()
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    event.preventDefault()
    openExternally(url)
  })
  void win.loadURL(options.screen ? screenUrl(options.rendererUrl, options.screen.screen, options.screen.rest) : options.rendererUrl)
  return win
}

/** The part of a BrowserWindow `showScreen` uses. */
export interface NavigableWindow {
  isMinimized(): boolean
  restore(): void
  show(): void
  focus(): void
  webContents: { isLoading(): boolean; executeJavaScript(code: string): Promise<unknown>; once(event: 'did-finish-load', fn: () => void): unknown }
}

/**
 * Brings the dashboard forward on a screen (deep links from the tray and notifications): the
 * route changes in place, so the renderer keeps its state and does not reload.
 */
export function showScreen(win: NavigableWindow, screen: string | null, rest: readonly string[] = []): void {
  if (screen) {
    const go = () => void win.webContents.executeJavaScript(navigateScript(screen, rest)).catch(() => {})
    if (win.webContents.isLoading()) win.webContents.once('did-finish-load', go)
    else go()
  }
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
}

/** The part of a BrowserWindow `keepInTrayOnClose` uses. */
export interface HideableWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown
  hide(): void
}

/** Closing the dashboard hides it (the app lives in the tray) unless the app is quitting. */
export function keepInTrayOnClose(win: HideableWindow, isQuitting: () => boolean): void {
  win.on('close', (event) => {
    if (isQuitting()) return
    event.preventDefault()
    win.hide()
  })
}
