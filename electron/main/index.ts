import { fileURLToPath, pathToFileURL } from 'node:url'
import { app, ipcMain, session } from 'electron'
import { createCore } from '../core/core'
import { registerRpcHandler } from './ipc.main'
import { createDashboardWindow } from './window.main'

/** The Electron host's composition root: one core, the IPC transport onto it, and the dashboard. */
async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  await app.whenReady()
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  const isDev = !app.isPackaged && Boolean(process.env.ELECTRON_RENDERER_URL)
  const rendererUrl = isDev ? process.env.ELECTRON_RENDERER_URL! : pathToFileURL(fileURLToPath(new URL('../renderer/index.html', import.meta.url))).href
  const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
  const core = await createCore({ host: 'electron' })
  registerRpcHandler(ipcMain, core.router, rendererUrl)
  let win = createDashboardWindow({ preloadPath, rendererUrl, isDev })
  app.on('second-instance', () => {
    if (win.isDestroyed()) win = createDashboardWindow({ preloadPath, rendererUrl, isDev })
    win.show()
    win.focus()
  })
  app.on('window-all-closed', () => {
    // Keyward lives in the tray; closing the window does not quit.
  })
  app.on('before-quit', () => {
    void core.close()
  })
}

void main()
