import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TraySummary } from '../../shared/contract/tray.contract'

const state = vi.hoisted(() => ({
  menus: [] as unknown[],
  tooltips: [] as string[],
  images: [] as string[],
  destroyed: false,
  dark: false,
  systemDark: false,
  listeners: {} as Record<string, () => void>,
}))

vi.mock('electron', () => {
  class Tray {
    constructor(image: { path: string }) {
      state.images.push(image.path)
    }
    setContextMenu(menu: { template: unknown }) {
      state.menus.push(menu.template)
    }
    setToolTip(t: string) {
      state.tooltips.push(t)
    }
    setImage(image: { path: string }) {
      state.images.push(image.path)
    }
    destroy() {
      state.destroyed = true
    }
    on(event: string, fn: () => void) {
      state.listeners[event] = fn
    }
  }
  return {
    Tray,
    Menu: { buildFromTemplate: (template: unknown) => ({ template }) },
    nativeImage: { createFromPath: (path: string) => ({ path, setTemplateImage: vi.fn() }) },
    nativeTheme: {
      /** The app's theme (themeSource, else the OS app mode). */
      get shouldUseDarkColors() {
        return state.dark
      },
      /** Windows: the system theme the taskbar follows; macOS: the same as shouldUseDarkColors. */
      get shouldUseDarkColorsForSystemIntegratedUI() {
        return state.systemDark
      },
      on: vi.fn(),
      off: vi.fn(),
    },
  }
})

const { createTray, toElectronTemplate } = await import('./tray.main')

const summary: TraySummary = {
  today: { amount: '2', currency: 'USD' },
  monthToDate: { amount: '20', currency: 'USD' },
  budgetState: 'exceeded',
  defaultProfile: 'acme',
  profiles: [{ name: 'acme', hint: '…abcd' }],
  recentProjects: [],
  lastSyncedAt: null,
  dataRefreshedAt: null,
}

type Item = { label?: string; click?: () => void; submenu?: Item[] }
const lastMenu = () => state.menus.at(-1) as Item[]

describe('tray (electron mocked)', () => {
  beforeEach(() => {
    state.menus.length = 0
    state.tooltips.length = 0
    state.images.length = 0
    state.listeners = {}
    state.dark = false
    state.systemDark = false
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  it('renders the summary, switches to the alert icon, and runs clicked actions, then refreshes', async () => {
    const perform = vi.fn(async () => {})
    const read = vi.fn(async () => summary)
    const tray = createTray({ iconDir: '/icons', locale: 'en-US', summary: read, perform, loginItem: async () => true, showError: vi.fn() })
    await vi.advanceTimersByTimeAsync(0)
    expect(lastMenu()[0]!.label).toBe('Today: $2.00')
    expect(state.tooltips.at(-1)).toContain('Budget: exceeded')
    expect(state.images.at(-1)).toMatch(/\/icons\/(tray-alert-(light|dark)\.png|trayAlertTemplate\.png)$/)
    const copy = lastMenu().find((i) => i.label === 'Copy key')!.submenu![0]!
    copy.click!()
    await vi.advanceTimersByTimeAsync(0)
    expect(perform).toHaveBeenCalledWith({ kind: 'copy-key', profile: 'acme' })
    expect(read).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(read).toHaveBeenCalledTimes(3)
    tray.destroy()
    expect(state.destroyed).toBe(true)
  })

  it('shows a failed action’s message, redacted', async () => {
    const showError = vi.fn()
    createTray({
      iconDir: '/icons',
      locale: 'en-US',
      summary: async () => summary,
      perform: async () => Promise.reject(new Error('keychain said sk-ant-api03-abcdefghijklmnop')),
      loginItem: async () => null,
      showError,
    })
    await vi.advanceTimersByTimeAsync(0)
    lastMenu().find((i) => i.label === 'Sync now')!.click!()
    await vi.advanceTimersByTimeAsync(0)
    expect(showError).toHaveBeenCalledWith('keychain said sk-ant-[redacted]')
  })

  it('the template mapping keeps types, checks and nesting', () => {
    const run = vi.fn()
    const template = toElectronTemplate(
      [
        { type: 'separator' },
        { type: 'checkbox', label: 'Start at login', checked: true, action: { kind: 'toggle-login-item' } },
        { type: 'submenu', label: 'S', submenu: [{ type: 'normal', label: 'x', enabled: false }] },
      ],
      run,
    )
    expect(template[0]).toEqual({ type: 'separator' })
    expect(template[1]).toMatchObject({ type: 'checkbox', checked: true })
    ;(template[1]!.click as () => void)()
    expect(run).toHaveBeenCalledWith({ kind: 'toggle-login-item' })
    expect(template[2]!.submenu).toEqual([{ label: 'x', enabled: false }])
  })

  const base = { iconDir: '/icons', locale: 'en-US', summary: async () => summary, loginItem: async () => null, showError: vi.fn() }

  it('Windows: a left click on the icon opens the dashboard (its menu is on the right click)', async () => {
    const perform = vi.fn(async () => {})
    createTray({ ...base, perform, platform: 'win32' })
    expect(state.listeners.click).toBeDefined()
    state.listeners.click!()
    await vi.advanceTimersByTimeAsync(0)
    expect(perform).toHaveBeenCalledWith({ kind: 'show-dashboard' })
  })

  it('macOS and Linux: a click opens the menu (Electron’s default with a context menu), so no click handler', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      state.listeners = {}
      createTray({ ...base, perform: vi.fn(async () => {}), platform })
      expect(state.listeners.click).toBeUndefined()
    }
  })

  it('Windows: the glyph follows the taskbar (system theme), not the app theme', async () => {
    state.dark = false
    state.systemDark = true
    createTray({ ...base, perform: vi.fn(async () => {}), platform: 'win32' })
    await vi.advanceTimersByTimeAsync(0)
    expect(state.images.at(-1)).toBe('/icons/tray-alert-dark.png')
    state.dark = true
    state.systemDark = false
    createTray({ ...base, perform: vi.fn(async () => {}), platform: 'win32' })
    await vi.advanceTimersByTimeAsync(0)
    expect(state.images.at(-1)).toBe('/icons/tray-alert-light.png')
  })

  it('Linux: the glyph for a dark panel in either theme (GNOME’s top bar is dark in the light theme); macOS: template images', async () => {
    createTray({ ...base, perform: vi.fn(async () => {}), platform: 'linux' })
    await vi.advanceTimersByTimeAsync(0)
    expect(state.images.at(-1)).toBe('/icons/tray-alert-dark.png')
    createTray({ ...base, perform: vi.fn(async () => {}), platform: 'darwin' })
    await vi.advanceTimersByTimeAsync(0)
    expect(state.images.at(-1)).toBe('/icons/trayAlertTemplate.png')
  })
})
