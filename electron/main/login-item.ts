import { mkdir, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../core/platform/config/atomic-write'
import { lstatOrNull } from '../core/platform/fs/safe-file'

/** Start-at-login, on or off. */
export interface LoginItem {
  /** Null where the platform has no login items we can manage. */
  get(): Promise<boolean | null>
  set(enabled: boolean): Promise<void>
}

/**
 * The part of Electron 45's `app` used on macOS and Windows. `path` and `args` are Windows-only:
 * there `getLoginItemSettings` compares the Run entry against them (defaults: process.execPath and
 * no arguments), so it must be given what `setLoginItemSettings` registered, or it reads "off".
 * `openAsHidden` no longer exists (removed in Electron 28); macOS reports `wasOpenedAtLogin` instead.
 */
export interface LoginItemApp {
  getLoginItemSettings(options?: { path?: string; args?: string[] }): { openAtLogin: boolean; wasOpenedAtLogin?: boolean }
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void
}

/** The argument a login start passes on Windows and Linux (macOS cannot pass arguments to a login item). */
export const HIDDEN_FLAG = '--hidden'

/** The XDG autostart entry for Linux, where Electron's login items do not exist. */
export function autostartDesktopEntry(execPath: string): string {
  const quoted = `"${execPath.replace(/(["`$\\])/g, '\\$1')}"`
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Keyward',
    'Comment=Anthropic API keys per project',
    `Exec=${quoted} ${HIDDEN_FLAG}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n')
}

/**
 * Whether this start came from the login item, so the dashboard stays in the tray: macOS says so
 * through `wasOpenedAtLogin` (its login items take no arguments); Windows and Linux start us with
 * `--hidden` (which a person may also pass by hand, on any OS).
 */
export function startedAtLogin(deps: { platform: NodeJS.Platform; app: Pick<LoginItemApp, 'getLoginItemSettings'>; argv: readonly string[] }): boolean {
  if (deps.argv.includes(HIDDEN_FLAG)) return true
  return deps.platform === 'darwin' && deps.app.getLoginItemSettings().wasOpenedAtLogin === true
}

/**
 * Start at login: Electron's login items on macOS and Windows; on Linux a
 * `~/.config/autostart/keyward.desktop` file that starts `execPath` (the AppImage's own path
 * when running from one, since its mount point changes every start).
 */
export function createLoginItem(deps: { platform: NodeJS.Platform; app: LoginItemApp; execPath: string; configHome: string }): LoginItem {
  if (deps.platform === 'darwin') {
    return {
      get: async () => deps.app.getLoginItemSettings().openAtLogin,
      set: async (enabled) => deps.app.setLoginItemSettings({ openAtLogin: enabled }),
    }
  }
  if (deps.platform === 'win32') {
    // The same path and args on both calls: Windows matches the Run entry against them.
    const entry = { path: deps.execPath, args: [HIDDEN_FLAG] }
    return {
      get: async () => deps.app.getLoginItemSettings({ path: entry.path, args: [...entry.args] }).openAtLogin,
      set: async (enabled) => deps.app.setLoginItemSettings({ openAtLogin: enabled, path: entry.path, args: [...entry.args] }),
    }
  }
  if (deps.platform !== 'linux') return { get: async () => null, set: async () => {} }
  const dir = join(deps.configHome, 'autostart')
  const file = join(dir, 'keyward.desktop')
  // Nothing is read or written through a link planted at that name: lstat answers "on", unlink
  // removes the link itself, and the atomic write renames a new file over it.
  return {
    get: async () => (await lstatOrNull(file)) !== null,
    async set(enabled) {
      if (!enabled) return unlink(file).catch(() => {})
      await mkdir(dir, { recursive: true })
      await writeFileAtomic(file, autostartDesktopEntry(deps.execPath))
    },
  }
}
