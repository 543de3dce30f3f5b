import { describe, expect, it, vi } from 'vitest'

/** The Electron host's composition root with electron and its collaborators mocked: it must start and stop the key socket. */
const h = vi.hoisted(() => {
  const handlers = new Map<string, (...args: unknown[]) => void>()
  return {
    handlers,
    quit: vi.fn(),
    hostClose: vi.fn(async () => {}),
    createTray: vi.fn(() => ({ destroy: vi.fn() })),
    notifications: [] as { title: string; body: string }[],
    messages: [] as { heading: string; lines: readonly string[] }[],
    setAppUserModelId: vi.fn(),
    showErrorBox: vi.fn(),
    exit: vi.fn(),
    createCoreError: null as Error | null,
    coreOptions: null as null | { confirmOrgMove?: (move: { orgId: string; orgName: string; adminProfile: string; from: string; to: string }) => Promise<boolean> },
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
      getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAtLogin: false }),
      setAppUserModelId: h.setAppUserModelId,
      quit: h.quit,
      exit: h.exit,
    },
    clipboard: {},
    // A parentless showMessageBox is a synchronous app-modal on macOS: the app must never call it.
    dialog: {
      showMessageBox: () => {
        throw new Error('parentless showMessageBox blocks the main process on macOS')
      },
      showErrorBox: h.showErrorBox,
    },
    ipcMain: {},
    screen: { getAllDisplays: () => [] },
    session: { defaultSession: {} },
  }
})
vi.mock('./single-instance', () => ({ acquireSingleInstance: () => true, screenFromArgv: () => null }))
vi.mock('./app-paths', () => ({
  resolveAppPaths: () => ({ rendererUrl: 'file:///r/index.html', preloadPath: '/p.js', promptUrl: 'file:///r/prompt.html', promptPreloadPath: '/prompt.js', isDev: false, trayIconDir: '/icons' }),
}))
vi.mock('./prompt-window.main', () => ({
  openPromptWindow: vi.fn(() => ({ close: vi.fn() })),
  askInPromptWindow: vi.fn(async () => 1),
  showPromptMessage: vi.fn((_paths: unknown, heading: string, lines: readonly string[]) => (h.messages.push({ heading, lines }), { close: vi.fn() })),
}))
vi.mock('./security', () => ({ hardenSession: vi.fn(), hardenWebContents: vi.fn() }))
vi.mock('./ipc.main', () => ({ registerRpcHandler: vi.fn() }))
vi.mock('./notifications.main', () => ({ desktopNotifier: () => ({ notify: vi.fn() }) }))
vi.mock('./approval-prompt', () => ({ presentApproval: () => vi.fn() }))
vi.mock('./window-state', () => ({ loadWindowState: async () => ({ width: 800, height: 600, maximized: false }), saveWindowState: vi.fn(), trackWindowState: vi.fn() }))
vi.mock('./window.main', () => ({ createDashboardWindow: () => ({ isDestroyed: () => false }), keepInTrayOnClose: vi.fn(), showScreen: vi.fn() }))
vi.mock('./clipboard-guard', () => ({ createClipboardGuard: () => ({ copy: vi.fn(), flush: async () => {} }) }))
vi.mock('./login-item', () => ({ createLoginItem: () => ({ get: async () => false, set: vi.fn() }), startedAtLogin: () => false }))
vi.mock('./cli-install', () => ({ installFromTray: vi.fn(), launcherPath: vi.fn() }))
vi.mock('./tray.main', () => ({ createTray: h.createTray }))
vi.mock('../core/host/start-host', () => ({
  startHost: vi.fn(async (options: NonNullable<typeof h.coreOptions> & { warn: (m: string) => void }) => {
    h.coreOptions = options
    if (h.createCoreError) throw h.createCoreError
    options.warn('the OS keychain is not available')
    const core = { dataDir: '/data', router: {}, tray: { summary: vi.fn() } }
    return { core, keySocket: { path: '/data/keyward.sock', dir: '/data', kind: 'data' }, forwardSocket: null, close: h.hostClose }
  }),
}))

describe('electron/main/index.ts', () => {
  it('starts the host (core, sockets, sync, outbox) through startHost, surfaces its warnings, and stops it on quit', async () => {
    const { startHost } = await import('../core/host/start-host')
    await import('./index')
    await vi.waitFor(() => expect(h.createTray).toHaveBeenCalled())
    expect(startHost).toHaveBeenCalledTimes(1)
    expect(startHost).toHaveBeenCalledWith(
      expect.objectContaining({ host: 'electron', log: expect.any(Function), warn: expect.any(Function), notifier: expect.any(Object), approver: expect.any(Object) }),
    )
    // Shown in the app's own prompt window (notifications may be off or fail), not as a notification.
    expect(h.messages).toEqual([{ heading: 'Keyward', lines: ['Keyward: the OS keychain is not available'] }])
    expect(h.notifications).toEqual([])

    const preventDefault = vi.fn()
    h.handlers.get('before-quit')!({ preventDefault })
    expect(preventDefault).toHaveBeenCalled()
    await vi.waitFor(() => expect(h.quit).toHaveBeenCalled())
    expect(h.hostClose).toHaveBeenCalledTimes(1)
    expect(h.exit).not.toHaveBeenCalled()
    // Not Windows here: the AppUserModelID is a Windows API.
    expect(h.setAppUserModelId).not.toHaveBeenCalled()
  })

  it('asks before moving a stored org to a new base URL in the app’s own prompt window, naming both URLs', async () => {
    const { askInPromptWindow } = await import('./prompt-window.main')
    const ask = vi.mocked(askInPromptWindow)
    const move = { orgId: 'org_1', orgName: 'Acme', adminProfile: 'boss', from: 'https://api.anthropic.com', to: 'https://proxy.example' }
    ask.mockResolvedValueOnce(1)
    expect(await h.coreOptions!.confirmOrgMove!(move)).toBe(true)
    ask.mockResolvedValueOnce(0)
    expect(await h.coreOptions!.confirmOrgMove!(move)).toBe(false)
    expect(ask).toHaveBeenCalledWith(
      expect.objectContaining({ promptUrl: 'file:///r/prompt.html' }),
      expect.objectContaining({ title: 'Keyward — move an org', lines: expect.arrayContaining(['Now: https://api.anthropic.com', 'New: https://proxy.example']), cancelId: 0, defaultId: 0 }),
    )
  })
})

describe('electron/main/index.ts start-up (Windows identity, a failed start)', () => {
  it('sets the AppUserModelID on win32; a start that fails shows why (redacted) and exits 1 instead of living on invisibly', async () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!
    Object.defineProperty(process, 'platform', { value: 'win32' })
    try {
      vi.resetModules()
      h.createCoreError = new Error('config unreadable near sk-ant-api03-abcdefghijklmnop')
      await import('./index')
      await vi.waitFor(() => expect(h.exit).toHaveBeenCalledWith(1))
      expect(h.setAppUserModelId).toHaveBeenCalledWith('dev.keyward.app')
      expect(h.showErrorBox).toHaveBeenCalledWith('Keyward could not start', expect.stringContaining('config unreadable near sk-ant-[redacted]'))
      expect(JSON.stringify(h.showErrorBox.mock.calls)).not.toContain('abcdefghijklmnop')
    } finally {
      Object.defineProperty(process, 'platform', platform)
      h.createCoreError = null
    }
  })
})
