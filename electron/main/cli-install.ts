import { constants } from 'node:fs'
import { access, lstat, readlink, symlink } from 'node:fs/promises'
import { delimiter, join, win32 } from 'node:path'
import { KeywardError } from '../../shared/errors'

/** Where the packaged app keeps the CLI launcher: `<resources>/bin/keyward` (`keyward.cmd` on Windows). */
export function launcherPath(resourcesPath: string, platform: NodeJS.Platform): string {
  return join(resourcesPath, 'bin', platform === 'win32' ? 'keyward.cmd' : 'keyward')
}

/** The outcome of "Install command-line tool": where the link is and whether that folder is on PATH. */
export interface CliInstallResult {
  readonly linkPath: string
  readonly onPath: boolean
  readonly alreadyInstalled: boolean
}

/** What the installer is told about the machine. */
export interface CliInstallOptions {
  readonly launcher: string
  readonly platform: NodeJS.Platform
  readonly home: string
  readonly env: NodeJS.ProcessEnv
  /** Folders tried in order; the default is /usr/local/bin, then ~/.local/bin. */
  readonly targets?: readonly string[]
  /** Tests inject this (a root user can write anywhere); the default asks the OS. */
  readonly isWritable?: (dir: string) => Promise<boolean>
  /** macOS: `app.isInApplicationsFolder()`; anywhere else the app may be translocated, so nothing is linked. */
  readonly inApplicationsFolder?: boolean
}

/** Why nothing is linked on macOS outside /Applications, and what to do. */
const TRANSLOCATED =
  'Keyward is not in the Applications folder (it runs from the disk image, or macOS moved a downloaded copy to a temporary place), so a link to its command-line tool would break. Move Keyward to Applications, open it from there, and choose "Install command-line tool…" again.'

async function writable(dir: string): Promise<boolean> {
  try {
    await access(dir, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Links `keyward` to the app's launcher in the first writable folder (as VS Code's "Install
 * 'code' command in PATH" does). An existing link to the same launcher is left as is; any other
 * file named keyward is never overwritten. Windows and AppImage get an error that says what to do.
 */
export async function installCommandLineTool(options: CliInstallOptions): Promise<CliInstallResult> {
  if (options.platform === 'win32') {
    throw new KeywardError('API_UNSUPPORTED', `On Windows, add ${win32.dirname(options.launcher)} to your PATH (Settings → Environment Variables), then run keyward in a new terminal.`)
  }
  // App translocation: a quarantined app runs from a random read-only path that is gone after it quits.
  if (options.platform === 'darwin' && options.inApplicationsFolder !== true) throw new KeywardError('NOT_ALLOWED', TRANSLOCATED)
  if (options.env.APPIMAGE) {
    throw new KeywardError('API_UNSUPPORTED', 'The AppImage mounts itself at a new path on every start, so a link to its CLI would break; install the .deb package to get the keyward command.')
  }
  const targets = options.targets ?? ['/usr/local/bin', join(options.home, '.local', 'bin')]
  const pathDirs = (options.env.PATH ?? '').split(delimiter)
  for (const dir of targets) {
    const linkPath = join(dir, 'keyward')
    const existing = await lstat(linkPath).catch(() => null)
    if (existing) {
      if (existing.isSymbolicLink() && (await readlink(linkPath)) === options.launcher) {
        return { linkPath, onPath: pathDirs.includes(dir), alreadyInstalled: true }
      }
      throw new KeywardError('CONFLICT', `${linkPath} already exists and is not Keyward's launcher; remove it, or run: ln -sf '${options.launcher}' '${linkPath}'`)
    }
    if (!(await (options.isWritable ?? writable)(dir))) continue
    await symlink(options.launcher, linkPath)
    return { linkPath, onPath: pathDirs.includes(dir), alreadyInstalled: false }
  }
  throw new KeywardError('NOT_ALLOWED', `None of ${targets.join(', ')} is writable. Run: sudo ln -s '${options.launcher}' /usr/local/bin/keyward (or mkdir -p ~/.local/bin and try again).`)
}

/** The macOS-only parts of Electron's `app` the tray's "Install command-line tool…" uses (not defined on other OSes: call only on darwin). */
export interface CliInstallApp {
  isInApplicationsFolder(): boolean
  /** Quits and relaunches from /Applications on success; false when the person cancelled; throws when the copy failed. */
  moveToApplicationsFolder(): boolean
}

/** What the tray's "Install command-line tool…" needs; `ask` and `tell` are prompt windows (never a blocking dialog). */
export interface InstallFromTrayDeps extends Omit<CliInstallOptions, 'inApplicationsFolder'> {
  readonly app: CliInstallApp
  /** Asks whether to move the app; resolves true for "Move to Applications". */
  readonly askToMove: () => Promise<boolean>
  readonly tell: (heading: string, lines: readonly string[]) => void
}

/**
 * The tray's "Install command-line tool…": on macOS outside /Applications it offers
 * `app.moveToApplicationsFolder()` first and links nothing (the moved app relaunches; the person
 * installs from there); otherwise it links and says where, or throws what to do instead.
 */
export async function installFromTray(deps: InstallFromTrayDeps): Promise<void> {
  const { app, askToMove, tell, ...options } = deps
  if (deps.platform === 'darwin' && !app.isInApplicationsFolder()) {
    if (!(await askToMove())) return
    if (!app.moveToApplicationsFolder()) throw new KeywardError('NOT_ALLOWED', `Keyward was not moved. ${TRANSLOCATED}`)
    return
  }
  // isInApplicationsFolder exists on macOS only (Electron defines it there alone).
  const result = await installCommandLineTool({ ...options, ...(deps.platform === 'darwin' && { inApplicationsFolder: app.isInApplicationsFolder() }) })
  tell(`The keyward command is installed at ${result.linkPath}.`, [
    result.onPath ? 'Open a new terminal and run: keyward --help' : `Add ${join(result.linkPath, '..')} to your PATH, then run: keyward --help`,
  ])
}
