import { homedir } from 'node:os'
import { join } from 'node:path'
import { BrowserWindow, Notification, app, clipboard, dialog, ipcMain, screen, session } from 'electron'
import { createCore } from '../core/core'
import { createApprovalBroker } from '../core/notify/approver'
import { type Notifier, logNotifier } from '../core/notify/notifier'
import { syncIntervalFromEnv } from '../core/usage/sync-service'
import { resolveAppPaths } from './app-paths'
import { installCommandLineTool, launcherPath } from './cli-install'
import { createClipboardGuard } from './clipboard-guard'
import { startHostKeySocket } from './key-socket-host'
import { registerRpcHandler } from './ipc.main'
import { createLoginItem } from './login-item'
import { desktopNotifier, presentApproval } from './notifications.main'
import { hardenSession, hardenWebContents } from './security'
import { acquireSingleInstance, screenFromArgv } from './single-instance'
import type { TrayAction } from './tray-menu'
import { createTray } from './tray.main'
import { createDashboardWindow, keepInTrayOnClose, showScreen } from './window.main'
import { loadWindowState, saveWindowState, trackWindowState } from './window-state'

/** How long a person's approval lasts for one caller (the process that ran the helper, e.g. a Claude Code session: see approvalSubject), so its repeated helper calls do not ask again. */
const APPROVAL_REMEMBER_MS = 10 * 60_000

/** The Electron host's composition root: one core, the IPC transport onto it, the tray, the dashboard, notifications. */
async function main(): Promise<void> {
  let win: BrowserWindow | null = null
  let openScreen: (screen: string | null, rest: readonly string[]) => void = () => {}
  if (!acquireSingleInstance(app, (argv) => {
    const link = screenFromArgv(argv)
    openScreen(link?.screen ?? null, link?.rest ?? [])
  })) return
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
  await app.whenReady()

  const paths = resolveAppPaths({ mainUrl: import.meta.url, appPath: app.getAppPath(), isPackaged: app.isPackaged, env: process.env })
  hardenSession(session.defaultSession, paths.rendererUrl)
  const log = (line: string) => process.stderr.write(`keyward: ${line}\n`)
  const notificationDeps = { isSupported: () => Notification.isSupported(), create: (o: ConstructorParameters<typeof Notification>[0]) => new Notification(o) }
  const notifier: Notifier = desktopNotifier({ ...notificationDeps, openScreen: (s, rest) => openScreen(s, rest), fallback: logNotifier(log) })
  const approver = createApprovalBroker({
    present: presentApproval({ ...notificationDeps, platform: process.platform, ask: (o) => dialog.showMessageBox(o) }),
    rememberMs: APPROVAL_REMEMBER_MS,
  })
  const core = await createCore({ host: 'electron', log, notifier, approver })
  registerRpcHandler(ipcMain, core.router, paths.rendererUrl)
  const showError = (message: string) => {
    if (Notification.isSupported()) new Notification({ title: 'Keyward', body: message }).show()
    else dialog.showErrorBox('Keyward', message)
  }
  // The socket `keyward helper` asks; another app or daemon holding it is reported, not fatal.
  const keySocket = await startHostKeySocket(core, { log, warn: showError })
  // Usage sync on the daemon's schedule (KEYWARD_SYNC_INTERVAL_MINUTES, default 5); core.close() stops it.
  core.usage.sync.start(syncIntervalFromEnv(process.env))

  let quitting = false
  const displays = () => screen.getAllDisplays().map((d) => d.workArea)
  const openWindow = async (target: { screen: string; rest: readonly string[] } | undefined, showWhenReady: boolean) => {
    const state = await loadWindowState(core.dataDir, displays())
    const created = createDashboardWindow({ ...paths, state, ...(target && { screen: target }), showWhenReady })
    trackWindowState(created, (s) => saveWindowState(core.dataDir, s), (e) => log(`could not save the window size: ${String(e)}`))
    keepInTrayOnClose(created, () => quitting)
    return created
  }
  openScreen = (target, rest) => {
    if (win && !win.isDestroyed()) return showScreen(win, target, rest)
    void openWindow(target ? { screen: target, rest } : undefined, true).then((w) => (win = w))
  }
  const startLink = screenFromArgv(process.argv)
  win = await openWindow(startLink ?? undefined, !process.argv.includes('--hidden'))

  const guard = createClipboardGuard(clipboard)
  const loginItem = createLoginItem({ platform: process.platform, app, execPath: process.env.APPIMAGE ?? process.execPath, configHome: process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config') })
  const perform = async (action: TrayAction): Promise<void> => {
    switch (action.kind) {
      case 'open':
        return openScreen(action.screen, action.rest ?? [])
      case 'copy-key':
        // The key goes from the keychain to the clipboard inside this process; nothing else sees it.
        return guard.copy(await core.tray.readKeyForClipboard(action.profile))
      case 'set-default':
        return core.tray.setDefaultProfile(action.profile)
      case 'sync-now':
        return core.tray.syncNow()
      case 'toggle-login-item':
        return loginItem.set(!(await loginItem.get()))
      case 'install-cli': {
        const launcher = app.isPackaged ? launcherPath(process.resourcesPath, process.platform) : join(app.getAppPath(), 'bin', 'keyward')
        const result = await installCommandLineTool({ launcher, platform: process.platform, home: homedir(), env: process.env })
        const pathNote = result.onPath ? 'Open a new terminal and run: keyward --help' : `Add ${join(result.linkPath, '..')} to your PATH, then run: keyward --help`
        await dialog.showMessageBox({ type: 'info', message: `The keyward command is installed at ${result.linkPath}.`, detail: pathNote, buttons: ['OK'] })
        return
      }
      case 'quit':
        return app.quit()
    }
  }
  const tray = createTray({ iconDir: paths.trayIconDir, locale: app.getLocale(), summary: () => core.tray.summary(), perform, loginItem: () => loginItem.get(), showError })

  app.on('window-all-closed', () => {
    // Keyward lives in the tray; closing the window does not quit.
  })
  app.on('activate', () => openScreen(null, []))
  app.on('before-quit', (event) => {
    if (quitting) return
    // Clear a copied key, stop the key socket and the core before the process goes; then quit for real.
    quitting = true
    event.preventDefault()
    tray.destroy()
    void Promise.allSettled([guard.flush(), keySocket?.close(), core.close()]).then(() => app.quit())
  })
}

void main()
