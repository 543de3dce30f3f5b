import { beforeEach, describe, expect, it, vi } from 'vitest'
import { hardenedWebPreferences } from './main.test-support'

const created: Array<{ options: Record<string, unknown>; handlers: Record<string, (...a: unknown[]) => void>; openHandler?: (d: { url: string }) => unknown; loaded?: string; shown: boolean }> = []
const openExternal = vi.fn()

vi.mock('electron', () => {
  class BrowserWindow {
    record: (typeof created)[number]
    webContents: { setWindowOpenHandler: (fn: (d: { url: string }) => unknown) => void; on: (e: string, fn: (...a: unknown[]) => void) => void }
    constructor(options: Record<string, unknown>) {
      const record: (typeof created)[number] = { options, handlers: {}, shown: false }
      created.push(record)
      this.record = record
      this.webContents = {
        setWindowOpenHandler: (fn) => {
          record.openHandler = fn
        },
        on: (event, fn) => {
          record.handlers[`wc:${event}`] = fn
        },
      }
    }
    once(event: string, fn: () => void) {
      this.record.handlers[event] = () => {
        delete this.record.handlers[event]
        fn()
      }
    }
    show() {
      this.record.shown = true
      this.record.handlers.show?.()
    }
    /** Electron 45: "Maximizes the window. This will also show (but not focus) the window if it isn't being displayed already." */
    maximize() {
      this.record.options.maximized = true
      if (!this.record.shown) this.show()
    }
    loadURL(url: string) {
      this.record.loaded = url
      return Promise.resolve()
    }
  }
  return { BrowserWindow, shell: { openExternal } }
})

const { createDashboardWindow, keepInTrayOnClose, showScreen } = await import('./window.main')

describe('dashboard window', () => {
  beforeEach(() => {
    created.length = 0
    openExternal.mockClear()
  })

  it('pins every security option', () => {
    createDashboardWindow({ preloadPath: '/p.cjs', rendererUrl: 'file:///r/index.html', isDev: false })
    createDashboardWindow({ preloadPath: '/p.cjs', rendererUrl: 'http://localhost:5173', isDev: true })
    expect(created[0]!.options.webPreferences).toEqual(hardenedWebPreferences('/p.cjs', false))
    expect((created[1]!.options.webPreferences as { devTools: boolean }).devTools).toBe(true)
  })

  it('is created hidden and shown on ready-to-show', () => {
    createDashboardWindow({ preloadPath: '/p.cjs', rendererUrl: 'file:///r/index.html', isDev: false })
    const win = created[0]!
    expect(win.options.show).toBe(false)
    expect(win.loaded).toBe('file:///r/index.html')
    win.handlers['ready-to-show']!()
    expect(win.shown).toBe(true)
  })

  it('denies new windows and navigation, opening only http(s) links externally', () => {
    createDashboardWindow({ preloadPath: '/p.cjs', rendererUrl: 'file:///r/index.html', isDev: false })
    const win = created[0]!
    expect(win.openHandler!({ url: 'https://console.anthropic.com/' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://console.anthropic.com/')
    const event = { preventDefault: vi.fn() }
    win.handlers['wc:will-navigate']!(event, 'file:///etc/passwd')
    expect(event.preventDefault).toHaveBeenCalled()
    expect(openExternal).toHaveBeenCalledTimes(1)
  })

  it('restores the saved bounds, opens on a deep link, and can stay hidden (start at login)', () => {
    createDashboardWindow({
      preloadPath: '/p.cjs',
      rendererUrl: 'file:///r/index.html',
      isDev: false,
      state: { x: 10, y: 20, width: 900, height: 650, maximized: true },
      screen: { screen: 'usage', rest: ['key', 'a/b'] },
      showWhenReady: false,
    })
    const win = created[0]!
    expect(win.options).toMatchObject({ x: 10, y: 20, width: 900, height: 650, minWidth: 720, minHeight: 480 })
    expect(win.loaded).toBe('file:///r/index.html#/usage/key/a%2Fb')
    win.handlers['ready-to-show']!()
    expect(win.shown).toBe(false)
    expect(win.options.maximized).toBeUndefined()
  })

  it('a window saved maximized and started hidden stays hidden, and is maximized when first shown', () => {
    const win = createDashboardWindow({ preloadPath: '/p.cjs', rendererUrl: 'file:///r/index.html', isDev: false, state: { width: 900, height: 650, maximized: true }, showWhenReady: false })
    const record = created[0]!
    record.handlers['ready-to-show']!()
    expect(record.shown).toBe(false)
    expect(record.options.maximized).toBeUndefined()
    win.show()
    expect(record.shown).toBe(true)
    expect(record.options.maximized).toBe(true)
  })

  it('a window saved maximized and shown at start is maximized and shown', () => {
    createDashboardWindow({ preloadPath: '/p.cjs', rendererUrl: 'file:///r/index.html', isDev: false, state: { width: 900, height: 650, maximized: true } })
    created[0]!.handlers['ready-to-show']!()
    expect(created[0]!).toMatchObject({ shown: true, options: { maximized: true } })
  })

  it('showScreen routes a loaded window in place (JSON-quoted hash), or after it finishes loading', () => {
    const calls: string[] = []
    let loading = false
    let onLoad: (() => void) | undefined
    const win = {
      isMinimized: () => true,
      restore: vi.fn(),
      show: vi.fn(),
      focus: vi.fn(),
      webContents: {
        isLoading: () => loading,
        executeJavaScript: async (code: string) => calls.push(code),
        once: (_e: 'did-finish-load', fn: () => void) => (onLoad = fn),
      },
    }
    showScreen(win, 'projects', ['/w/it"s'])
    expect(calls).toEqual(['window.location.hash = "#/projects/%2Fw%2Fit%22s"'])
    expect(win.restore).toHaveBeenCalled()
    expect(win.focus).toHaveBeenCalled()
    loading = true
    showScreen(win, 'profiles')
    expect(calls).toHaveLength(1)
    onLoad!()
    expect(calls[1]).toBe('window.location.hash = "#/profiles"')
    showScreen(win, null)
    expect(calls).toHaveLength(2)
  })

  it('closing the window hides it to the tray, unless the app is quitting', () => {
    let listener: ((e: { preventDefault(): void }) => void) | undefined
    let quitting = false
    const win = { on: (_e: 'close', fn: (e: { preventDefault(): void }) => void) => (listener = fn), hide: vi.fn() }
    keepInTrayOnClose(win, () => quitting)
    const e1 = { preventDefault: vi.fn() }
    listener!(e1)
    expect(e1.preventDefault).toHaveBeenCalled()
    expect(win.hide).toHaveBeenCalled()
    quitting = true
    const e2 = { preventDefault: vi.fn() }
    listener!(e2)
    expect(e2.preventDefault).not.toHaveBeenCalled()
  })
})
