import { BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { PROMPT_CHANNELS, type PromptContent } from '../../shared/ipc'
import { isTrustedSender } from './trusted-sender'

/** Where the prompt page and its preload are (app-paths.ts) and whether devtools may open. */
export interface PromptPaths {
  readonly promptUrl: string
  readonly promptPreloadPath: string
  readonly isDev: boolean
}

/** The title of message windows (errors, "installed at …"): never the dashboard's "Keyward", so tests and people tell them apart. */
export const MESSAGE_WINDOW_TITLE = 'Keyward — message'

/** An open prompt: `close()` takes it away unanswered (a timeout, another answer came first). */
export interface OpenPrompt {
  close(): void
}

/**
 * Shows a question in a small window of the app's own, and returns at once: nothing here waits
 * for the person, so the main process keeps serving the key socket, IPC, the tray and timers
 * (a parentless `dialog.showMessageBox` is a synchronous app-modal on macOS, which stops all of
 * them and ignores its abort signal). `onAnswer` gets the pressed button's index, or `cancelId`
 * when the window is closed; it is called at most once, and never after `close()`. The window is
 * destroyed once answered or closed.
 */
export function openPromptWindow(paths: PromptPaths, content: PromptContent, onAnswer: (index: number) => void): OpenPrompt {
  const win = new BrowserWindow({
    width: 520,
    height: 260,
    useContentSize: true,
    show: false,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    // Keyward lives in the tray; the question must not open behind the app the person is in.
    alwaysOnTop: true,
    autoHideMenuBar: true,
    title: content.title,
    // Written out here, as in window.main.ts, so electronegativity can read every option.
    webPreferences: {
      preload: paths.promptPreloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: paths.isDev,
    },
  })
  let settled = false
  const destroy = () => {
    if (!win.isDestroyed()) win.destroy()
  }
  const settle = (index: number) => {
    if (settled) return
    settled = true
    destroy()
    onAnswer(index)
  }
  const fromPage = (frame: IpcMainInvokeEvent['senderFrame']) => isTrustedSender(frame, win, [paths.promptUrl])
  // Scoped to this window's web contents, so concurrent prompts never see each other's answers.
  win.webContents.ipc.handle(PROMPT_CHANNELS.content, (event) => (fromPage(event.senderFrame) ? content : null))
  win.webContents.ipc.handle(PROMPT_CHANNELS.answer, (event, index: unknown) => {
    if (!fromPage(event.senderFrame) || typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= content.buttons.length) return false
    settle(index)
    return true
  })
  // Shown once the page has its words and buttons (not on ready-to-show, which can come first),
  // so what appears can be answered at once, by a person or an e2e test.
  win.webContents.ipc.handle(PROMPT_CHANNELS.rendered, (event) => {
    if (!fromPage(event.senderFrame) || win.isVisible()) return
    win.show()
    win.focus()
  })
  // Closing the window (its close button, Cmd+W, Alt+F4) is the cancel answer; so is a page that
  // could not load (nothing could be answered there).
  win.on('closed', () => settle(content.cancelId))
  // (ERR_ABORTED, -3, is a load we stopped ourselves, not a failure.)
  win.webContents.on('did-fail-load', (_event, errorCode, _description, _url, isMainFrame) => {
    if (isMainFrame && errorCode !== -3) settle(content.cancelId)
  })
  // The page's <title> would otherwise replace the window's, which the e2e tests look for.
  win.on('page-title-updated', (event) => event.preventDefault())
  win.removeMenu()
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  void win.loadURL(paths.promptUrl)
  return {
    close() {
      settled = true
      destroy()
    },
  }
}

/** Shows a message with one OK button in a prompt window (never a parentless, blocking dialog). */
export function showPromptMessage(paths: PromptPaths, heading: string, lines: readonly string[]): OpenPrompt {
  return openPromptWindow(paths, { title: MESSAGE_WINDOW_TITLE, heading, lines, buttons: ['OK'], defaultId: 0, cancelId: 0, primaryId: 0 }, () => {})
}

/** Asks a question in a prompt window; resolves with the pressed button's index (`cancelId` if closed). */
export function askInPromptWindow(paths: PromptPaths, content: PromptContent): Promise<number> {
  return new Promise((resolve) => openPromptWindow(paths, content, resolve))
}
