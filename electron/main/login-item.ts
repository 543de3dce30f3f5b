import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Start-at-login, on or off. */
export interface LoginItem {
  /** Null where the platform has no login items we can manage. */
  get(): Promise<boolean | null>
  set(enabled: boolean): Promise<void>
}

/** The part of Electron's `app` used on macOS and Windows. */
export interface LoginItemApp {
  getLoginItemSettings(): { openAtLogin: boolean }
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }): void
}

/** The XDG autostart entry for Linux, where Electron's login items do not exist. */
export function autostartDesktopEntry(execPath: string): string {
  const quoted = `"${execPath.replace(/(["`$\\])/g, '\\$1')}"`
  return ['[Desktop Entry]', 'Type=Application', 'Name=Keyward', 'Comment=Anthropic API keys per project', `Exec=${quoted} --hidden`, 'X-GNOME-Autostart-enabled=true', 'Terminal=false', ''].join('\n')
}

/**
 * Start at login: Electron's login items on macOS and Windows; on Linux a
 * `~/.config/autostart/keyward.desktop` file that starts `execPath` (the AppImage's own path
 * when running from one, since its mount point changes every start).
 */
export function createLoginItem(deps: { platform: NodeJS.Platform; app: LoginItemApp; execPath: string; configHome: string }): LoginItem {
  if (deps.platform === 'darwin' || deps.platform === 'win32') {
    return {
      get: async () => deps.app.getLoginItemSettings().openAtLogin,
      set: async (enabled) => deps.app.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true, args: ['--hidden'] }),
    }
  }
  if (deps.platform !== 'linux') return { get: async () => null, set: async () => {} }
  const dir = join(deps.configHome, 'autostart')
  const file = join(dir, 'keyward.desktop')
  return {
    get: async () => (await readFile(file, 'utf8').catch(() => null)) !== null,
    async set(enabled) {
      if (!enabled) return unlink(file).catch(() => {})
      await mkdir(dir, { recursive: true })
      await writeFile(file, autostartDesktopEntry(deps.execPath), { mode: 0o644 })
    },
  }
}
