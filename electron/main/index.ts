import { homedir } from 'node:os'
import { join } from 'node:path'
import { BrowserWindow, Notification, app, clipboard, dialog, ipcMain, screen, session, shell } from 'electron'
import { createApprovalBroker } from '../core/alerts/notify/approver'
import { startHost } from '../core/host/start-host'
import { type Notifier, logNotifier } from '../core/alerts/notify/notifier'
import { setWindowsAppUserModelId } from './app-identity'
import { resolveAppPaths } from './app-paths'
import { presentApproval } from './approval-prompt'
import { installFromTray, launcherPath } from './cli-install'
import { createClipboardGuard } from './clipboard-guard'
import { registerRpcHandler } from './ipc.main'
import { createLoginItem, startedAtLogin } from './login-item'
import { desktopNotifier } from './notifications.main'
import { confirmOrgMoveIn } from './org-move-prompt'
import { askInPromptWindow, openPromptWindow, showPromptMessage } from './prompt-window.main'
import { hardenSession, hardenWebContents } from './security'
import { acquireSingleInstance, screenFromArgv } from './single-instance'
import { failStart } from './start-failure'
import type { TrayAction } from './tray-menu'
import { createTray } from './tray.main'
import { isTrustedSender } from './trusted-sender'
import { createDashboardWindow, keepInTrayOnClose, showScreen } from './window.main'
import { loadWindowState, saveWindowState, trackWindowState } from './window-state'
import { logLine } from '../../shared/terminal-text'

/** How long a person's approval lasts for one caller (the process that ran the helper, e.g. a Claude Code session: see approvalSubject), so its repeated helper calls do not ask again. */
const APPROVAL_REMEMBER_MS = 10 * 60_000

const log = (line: string) => process.stderr.write(logLine(line))

/** The Electron host's composition root: one core, the IPC transport onto it, the tray, the dashboard, notifications. */
async function main(): Promise<void> {
  // Before anything keys on it (notifications, the login item's registry name, the taskbar).
  setWindowsAppUserModelId(app, process.platform)
  let win: BrowserWindow | null = null
  let openScreen: (screen: string | null, rest: readonly string[]) => void = () => {}
  if (
    !acquireSingleInstance(app, (argv) => {
      const link = screenFromArgv(argv)
      openScreen(link?.screen ?? null, link?.rest ?? [])
    })
  )
    return
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
  await app.whenReady()

  const paths = resolveAppPaths({ mainUrl: import.meta.url, appPath: app.getAppPath(), isPackaged: app.isPackaged, env: process.env })
  hardenSession(session.defaultSession, [paths.rendererUrl, paths.promptUrl])
  const notificationDeps = { isSupported: () => Notification.isSupported(), create: (o: ConstructorParameters<typeof Notification>[0]) => new Notification(o) }
  const notifier: Notifier = desktopNotifier({ ...notificationDeps, openScreen: (s, rest) => openScreen(s, rest), fallback: logNotifier(log) })
  // Questions and messages go to the app's own prompt window, never a parentless dialog: on macOS
  // that is a synchronous app-modal that stops the key socket, IPC, the tray and every timer.
  const approver = createApprovalBroker({
    present: presentApproval({ ...notificationDeps, platform: process.platform, openPrompt: (content, onAnswer) => openPromptWindow(paths, content, onAnswer) }),
    rememberMs: APPROVAL_REMEMBER_MS,
  })
  // Copy key from the tray and from the dashboard (profiles.copyKey) share one guard: marked secret, cleared after 30 s.
  const guard = createClipboardGuard(clipboard)
  // A dialog, not a notification: notifications may be off, denied, silenced, or fail on unsigned builds.
  const showError = (message: string) => {
    log(message)
    showPromptMessage(paths, 'Keyward', [message])
  }
  // The one start-up sequence and failure policy of every host (start-host.ts): a key socket that
  // cannot start (another app or daemon serves this data directory) stops the app with its reason.
  const host = await startHost({
    host: 'electron',
    log,
    warn: (message) => showError(`Keyward: ${message}`),
    notifier,
    approver,
    clipboard: { writeSecret: (secret) => guard.copy(secret) },
    revealer: { showInFolder: (path) => shell.showItemInFolder(path) },
    // Moving a stored org to a new base URL is asked in the app's own window, not the dashboard's.
    confirmOrgMove: confirmOrgMoveIn((content) => askInPromptWindow(paths, content)),
  })
  const { core } = host
  log(`serving keys to \`keyward helper\` on ${host.keySocket.path}`)
  if (host.forwardSocket) log(`forwarding keys marked forwardable to \`keyward ssh\` sessions through ${host.forwardSocket.path}`)
  registerRpcHandler(ipcMain, core.router, (frame) => isTrustedSender(frame, win, [paths.rendererUrl]))

  let quitting = false
  const displays = () => screen.getAllDisplays().map((d) => d.workArea)
  const openWindow = async (target: { screen: string; rest: readonly string[] } | undefined, showWhenReady: boolean) => {
    const state = await loadWindowState(core.dataDir, displays())
    const created = createDashboardWindow({ ...paths, state, ...(target && { screen: target }), showWhenReady })
    trackWindowState(
      created,
      (s) => saveWindowState(core.dataDir, s),
      (e) => log(`could not save the window size: ${String(e)}`),
    )
    keepInTrayOnClose(created, () => quitting)
    return created
  }
  openScreen = (target, rest) => {
    if (win && !win.isDestroyed()) return showScreen(win, target, rest)
    void openWindow(target ? { screen: target, rest } : undefined, true)
      .then((w) => (win = w))
      .catch((e: unknown) => showError(`Keyward could not open its window: ${e instanceof Error ? e.message : String(e)}`))
  }
  const startLink = screenFromArgv(process.argv)
  // A login start (macOS: wasOpenedAtLogin; Windows and Linux: --hidden) stays in the tray.
  win = await openWindow(startLink ?? undefined, !startedAtLogin({ platform: process.platform, app, argv: process.argv }))

  const loginItem = createLoginItem({ platform: process.platform, app, execPath: process.env.APPIMAGE ?? process.execPath, configHome: process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config') })
  const perform = async (action: TrayAction): Promise<void> => {
    switch (action.kind) {
      case 'open':
        return openScreen(action.screen, action.rest ?? [])
      case 'show-dashboard':
        return openScreen(null, [])
      case 'copy-key':
        // The key goes from the keychain to the clipboard inside this process; nothing else sees it.
        return guard.copy(await core.tray.readKeyForClipboard(action.profile))
      case 'set-default':
        return core.tray.setDefaultProfile(action.profile)
      case 'sync-now':
        return core.tray.syncNow()
      case 'toggle-login-item':
        return loginItem.set(!(await loginItem.get()))
      case 'install-cli':
        return installFromTray({
          launcher: app.isPackaged ? launcherPath(process.resourcesPath, process.platform) : join(app.getAppPath(), 'bin', 'keyward'),
          platform: process.platform,
          home: homedir(),
          env: process.env,
          app,
          askToMove: async () =>
            (await askInPromptWindow(paths, {
              title: 'Keyward — move to Applications',
              heading: 'Move Keyward to the Applications folder?',
              lines: [
                'The command-line tool links to the app, and Keyward is running from a disk image or a temporary place macOS chose for a download, which goes away. Keyward will move itself, quit and open again from Applications; then choose "Install command-line tool…" again.',
              ],
              buttons: ['Move to Applications', 'Cancel'],
              defaultId: 0,
              cancelId: 1,
              primaryId: 0,
            })) === 0,
          tell: (heading, lines) => void showPromptMessage(paths, heading, lines),
        })
      case 'quit':
        return app.quit()
    }
  }
  const tray = createTray({ iconDir: paths.trayIconDir, locale: app.getLocale(), summary: () => core.tray.summary(), perform, loginItem: () => loginItem.get(), showError })

  app.on('window-all-closed', () => {
    // Keyward lives in the tray; closing the window (or a prompt) does not quit.
  })
  app.on('activate', () => openScreen(null, []))
  app.on('before-quit', (event) => {
    if (quitting) return
    // Clear a copied key, stop the key socket and the core before the process goes; then quit for real.
    quitting = true
    event.preventDefault()
    tray.destroy()
    void Promise.allSettled([guard.flush(), host.close()]).then(() => app.quit())
  })
}

// A start that fails after the single-instance lock would otherwise leave a process with no tray
// and no window that swallows every relaunch: say why, and exit with a failure code.
main().catch((error: unknown) => failStart({ showErrorBox: (t, c) => dialog.showErrorBox(t, c), exit: (code) => app.exit(code), log }, error))
