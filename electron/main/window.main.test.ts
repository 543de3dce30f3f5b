import { beforeEach, describe, expect, it, vi } from 'vitest'

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
      this.record.handlers[event] = fn
    }
    show() {
      this.record.shown = true
    }
    loadURL(url: string) {
      this.record.loaded = url
      return Promise.resolve()
    }
  }
  return { BrowserWindow, shell: { openExternal } }
})

const { createDashboardWindow, secureWebPreferences } = await import('./window.main')

describe('dashboard window', () => {
  beforeEach(() => {
    created.length = 0
    openExternal.mockClear()
  })

  it('pins every security option', () => {
    expect(secureWebPreferences('/p.cjs', false)).toEqual({
      preload: '/p.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    })
    expect(secureWebPreferences('/p.cjs', true).devTools).toBe(true)
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
})
