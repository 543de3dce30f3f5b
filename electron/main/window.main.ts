import { BrowserWindow, type WebPreferences, shell } from 'electron'

/** The dashboard window's web preferences: isolated, sandboxed, no Node, no devtools in production. */
export function secureWebPreferences(preloadPath: string, isDev: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    devTools: isDev,
  }
}

/** Only http(s) links leave the app, and they open in the user's browser. */
export function openExternally(url: string): void {
  if (/^https?:\/\//.test(url)) void shell.openExternal(url)
}

/** Creates the dashboard window hidden, shows it when ready, and denies navigation and new windows. */
export function createDashboardWindow(options: { preloadPath: string; rendererUrl: string; isDev: boolean }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Keyward',
    webPreferences: secureWebPreferences(options.preloadPath, options.isDev),
  })
  win.once('ready-to-show', () => win.show())
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    event.preventDefault()
    openExternally(url)
  })
  void win.loadURL(options.rendererUrl)
  return win
}
