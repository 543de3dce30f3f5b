import { describe, expect, it, vi } from 'vitest'

/** The Electron host's composition root with electron and its collaborators mocked: it must start and stop the key socket. */
const h = vi.hoisted(() => {
  const handlers = new Map<string, (...args: unknown[]) => void>()
  return {
    handlers,
    quit: vi.fn(),
    socketClose: vi.fn(async () => {}),
    syncStart: vi.fn(),
    coreClose: vi.fn(async () => {}),
    createTray: vi.fn(() => ({ destroy: vi.fn() })),
    notifications: [] as { title: string; body: string }[],
  }
})

vi.mock('electron', () => {
  class Notification {
    static isSupported = () => true
    constructor(private readonly options: { title: string; body: string }) {}
    show() {
      h.notifications.push(this.options)
    }
  }
  return {
    BrowserWindow: class {},
    Notification,
    app: {
      on: (event: string, fn: (...args: unknown[]) => void) => h.handlers.set(event, fn),
      whenReady: async () => {},
      getAppPath: () => '/app',
      isPackaged: false,
      getLocale: () => 'en-US',
      quit: h.quit,
    },
    clipboard: {},
    dialog: { showMessageBox: vi.fn(), showErrorBox: vi.fn() },
    ipcMain: {},
    screen: { getAllDisplays: () => [] },
    session: { defaultSession: {} },
  }
})
vi.mock('./single-instance', () => ({ acquireSingleInstance: () => true, screenFromArgv: () => null }))
vi.mock('./app-paths', () => ({ resolveAppPaths: () => ({ rendererUrl: 'file:///r/index.html', preloadPath: '/p.js', isDev: false, trayIconDir: '/icons' }) }))
vi.mock('./security', () => ({ hardenSession: vi.fn(), hardenWebContents: vi.fn() }))
vi.mock('./ipc.main', () => ({ registerRpcHandler: vi.fn() }))
vi.mock('./notifications.main', () => ({ desktopNotifier: () => ({ notify: vi.fn() }), presentApproval: () => vi.fn() }))
vi.mock('./window-state', () => ({ loadWindowState: async () => ({ width: 800, height: 600, maximized: false }), saveWindowState: vi.fn(), trackWindowState: vi.fn() }))
vi.mock('./window.main', () => ({ createDashboardWindow: () => ({ isDestroyed: () => false }), keepInTrayOnClose: vi.fn(), showScreen: vi.fn() }))
vi.mock('./clipboard-guard', () => ({ createClipboardGuard: () => ({ copy: vi.fn(), flush: async () => {} }) }))
vi.mock('./login-item', () => ({ createLoginItem: () => ({ get: async () => false, set: vi.fn() }) }))
vi.mock('./cli-install', () => ({ installCommandLineTool: vi.fn(), launcherPath: vi.fn() }))
vi.mock('./tray.main', () => ({ createTray: h.createTray }))
vi.mock('../core/core', () => ({
  createCore: async () => ({ dataDir: '/data', router: {}, tray: { summary: vi.fn() }, usage: { sync: { start: h.syncStart } }, close: h.coreClose }),
}))
vi.mock('./key-socket-host', () => ({
  startHostKeySocket: vi.fn(async (_core: unknown, deps: { warn: (m: string) => void }) => {
    deps.warn('Another Keyward app or daemon is already serving keys')
    return { close: h.socketClose }
  }),
}))

describe('electron/main/index.ts', () => {
  it('starts the key socket over the core, surfaces its warning, starts sync, and stops the socket on quit', async () => {
    const { startHostKeySocket } = await import('./key-socket-host')
    await import('./index')
    await vi.waitFor(() => expect(h.createTray).toHaveBeenCalled())
    expect(startHostKeySocket).toHaveBeenCalledWith(expect.objectContaining({ dataDir: '/data' }), expect.objectContaining({ log: expect.any(Function), warn: expect.any(Function) }))
    expect(h.notifications).toEqual([{ title: 'Keyward', body: 'Another Keyward app or daemon is already serving keys' }])
    expect(h.syncStart).toHaveBeenCalledTimes(1)

    const preventDefault = vi.fn()
    h.handlers.get('before-quit')!({ preventDefault })
    expect(preventDefault).toHaveBeenCalled()
    await vi.waitFor(() => expect(h.quit).toHaveBeenCalled())
    expect(h.socketClose).toHaveBeenCalledTimes(1)
    expect(h.coreClose).toHaveBeenCalledTimes(1)
  })
})
