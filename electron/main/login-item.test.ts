import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { type LoginItemApp, autostartDesktopEntry, createLoginItem, startedAtLogin } from './login-item'

vi.mock('electron', () => ({}))

const exe = 'C:\\Users\\u\\AppData\\Local\\Programs\\Keyward\\Keyward.exe'

/**
 * Electron 45's login items on Windows, as its docs and typings state them: `setLoginItemSettings`
 * writes a Run entry of `path` (default process.execPath) and `args` (default none), and
 * `getLoginItemSettings({ path, args })` reports `openAtLogin` only for an entry whose path and
 * args equal the ones passed (defaults again: process.execPath, no args).
 */
function windowsLoginItems(processExecPath: string) {
  let entry: { path: string; args: string[] } | null = null
  const app: LoginItemApp = {
    setLoginItemSettings: vi.fn((s) => {
      entry = s.openAtLogin ? { path: s.path ?? processExecPath, args: s.args ?? [] } : null
    }),
    getLoginItemSettings: vi.fn((o) => ({
      openAtLogin: entry !== null && entry.path === (o?.path ?? processExecPath) && JSON.stringify(entry.args) === JSON.stringify(o?.args ?? []),
    })),
  }
  return { app, entry: () => entry }
}

/** Electron 45's macOS login items: no `path`/`args` (Windows-only), no `openAsHidden` (gone); `wasOpenedAtLogin` says how we started. */
function macLoginItems(wasOpenedAtLogin: boolean) {
  let on = false
  const app: LoginItemApp = {
    setLoginItemSettings: vi.fn((s) => {
      const unsupported = Object.keys(s).filter((k) => !['openAtLogin', 'type', 'serviceName'].includes(k))
      if (unsupported.length > 0) throw new Error(`not a macOS login item option in Electron 45: ${unsupported.join(', ')}`)
      on = s.openAtLogin
    }),
    getLoginItemSettings: vi.fn(() => ({ openAtLogin: on, wasOpenedAtLogin })),
  }
  return app
}

describe('start at login', () => {
  it('Windows: reads the item back with the same path and args it registered, so it toggles both ways', async () => {
    const { app, entry } = windowsLoginItems(exe)
    const item = createLoginItem({ platform: 'win32', app, execPath: exe, configHome: 'C:\\c' })
    expect(await item.get()).toBe(false)
    await item.set(true)
    expect(entry()).toEqual({ path: exe, args: ['--hidden'] })
    expect(await item.get()).toBe(true)
    // Without the args, Electron compares against a bare execPath and reads "off": the original bug.
    expect(app.getLoginItemSettings().openAtLogin).toBe(false)
    await item.set(false)
    expect(entry()).toBeNull()
    expect(await item.get()).toBe(false)
    expect(app.getLoginItemSettings).toHaveBeenCalledWith({ path: exe, args: ['--hidden'] })
  })

  it('macOS: registers with openAtLogin only (no args, no openAsHidden), and toggles both ways', async () => {
    const app = macLoginItems(false)
    const item = createLoginItem({ platform: 'darwin', app, execPath: '/Applications/Keyward.app/Contents/MacOS/Keyward', configHome: '/c' })
    await item.set(true)
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true })
    expect(await item.get()).toBe(true)
    await item.set(false)
    expect(await item.get()).toBe(false)
  })

  it('a login start stays in the tray: macOS by wasOpenedAtLogin, Windows and Linux by --hidden', () => {
    const none = { getLoginItemSettings: () => ({ openAtLogin: true }) }
    expect(startedAtLogin({ platform: 'darwin', app: macLoginItems(true), argv: ['/Applications/Keyward.app/Contents/MacOS/Keyward'] })).toBe(true)
    expect(startedAtLogin({ platform: 'darwin', app: macLoginItems(false), argv: ['/Applications/Keyward.app/Contents/MacOS/Keyward'] })).toBe(false)
    expect(startedAtLogin({ platform: 'win32', app: none, argv: [exe, '--hidden'] })).toBe(true)
    expect(startedAtLogin({ platform: 'win32', app: none, argv: [exe] })).toBe(false)
    expect(startedAtLogin({ platform: 'linux', app: none, argv: ['/opt/Keyward/keyward', '--hidden'] })).toBe(true)
    expect(startedAtLogin({ platform: 'linux', app: none, argv: ['/opt/Keyward/keyward'] })).toBe(false)
  })

  it('writes and removes an XDG autostart entry on Linux', async () => {
    const configHome = await mkdtemp(join(tmpdir(), 'keyward-autostart-'))
    const item = createLoginItem({ platform: 'linux', app: { getLoginItemSettings: vi.fn(), setLoginItemSettings: vi.fn() }, execPath: '/home/u/Apps/Keyward $1.AppImage', configHome })
    expect(await item.get()).toBe(false)
    await item.set(true)
    expect(await item.get()).toBe(true)
    await item.set(false)
    expect(await item.get()).toBe(false)
    expect(autostartDesktopEntry('/home/u/Apps/Keyward $1.AppImage')).toContain('Exec="/home/u/Apps/Keyward \\$1.AppImage" --hidden')
  })

  it('Linux: a link planted at the autostart entry is replaced, never written through', async () => {
    const configHome = await mkdtemp(join(tmpdir(), 'keyward-autostart-'))
    const victim = join(configHome, 'victim')
    writeFileSync(victim, 'original')
    mkdirSync(join(configHome, 'autostart'))
    symlinkSync(victim, join(configHome, 'autostart', 'keyward.desktop'))
    const item = createLoginItem({ platform: 'linux', app: { getLoginItemSettings: vi.fn(), setLoginItemSettings: vi.fn() }, execPath: '/opt/Keyward/keyward-app', configHome })
    await item.set(true)
    expect(readFileSync(victim, 'utf8')).toBe('original')
    expect(lstatSync(join(configHome, 'autostart', 'keyward.desktop')).isFile()).toBe(true)
    symlinkSync(victim, join(configHome, 'autostart', 'other.desktop'))
    await item.set(false)
    expect(readFileSync(victim, 'utf8')).toBe('original')
    expect(await item.get()).toBe(false)
  })
})
