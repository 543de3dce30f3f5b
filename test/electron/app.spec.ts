import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type ElectronApplication, _electron as electron, expect, test } from '@playwright/test'
import { findElectronBinary } from '../support/electron-binary'
import { runProcess } from '../support/run-process'

const binary = findElectronBinary()
const reason =
  'SKIPPED: the Electron binary is not installed here (its download host is unreachable from this machine); this test runs wherever `npx install-electron` has fetched it (the desktop CI matrix, .github/workflows/desktop.yml)'

/** The packaged app electron-builder leaves in dist/ (`npx electron-builder --dir`), or one named by KEYWARD_PACKAGED_APP. */
function findPackagedApp(): { executable: string; resources: string } | null {
  const candidates = [
    process.env.KEYWARD_PACKAGED_APP,
    resolve('dist/linux-unpacked/keyward-app'),
    resolve('dist/mac/Keyward.app/Contents/MacOS/Keyward'),
    resolve('dist/mac-arm64/Keyward.app/Contents/MacOS/Keyward'),
    resolve('dist/win-unpacked/Keyward.exe'),
  ].filter((p): p is string => Boolean(p))
  const executable = candidates.find((p) => existsSync(p))
  if (!executable) return null
  const resources = executable.includes('.app/Contents/MacOS/') ? resolve(executable, '../../Resources') : resolve(executable, '../resources')
  return { executable, resources }
}
const packaged = findPackagedApp()
const packagedReason =
  'SKIPPED: no packaged app in dist/ (build one with `npm run build && npx electron-builder --config electron.builder.adhoc.yml --dir`, which needs the Electron binary) and KEYWARD_PACKAGED_APP is not set'

/** The title of the approval prompt window (electron/main's prompt; the spec finds it by this). */
const PROMPT_TITLE = 'Keyward — approve key request'
/** Loaded with `-r` before the app: records the tray, its menu and notifications (test-only, see the file). */
const PROBE = resolve('test/electron/support/main-probe.cjs')
const BUILT_CLI = resolve('out/cli/keyward.js')

/** A fresh, real-looking API key. */
function freshKey(): string {
  return `sk-ant-api03-${randomBytes(120)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 91)}igAA`
}

/** A private KEYWARD_HOME and XDG config dir (the Linux autostart entry goes there), and the env for both the app and the CLI. */
function freshHome(): { home: string; env: Record<string, string> } {
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'keyward-electron-')))
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
  Object.assign(env, { KEYWARD_HOME: home, XDG_CONFIG_HOME: join(home, 'xdg') })
  return { home, env }
}

/**
 * Runs the built CLI on the Electron binary as Node, as the packaged launcher does, or
 * `options.command` (a packaged launcher, or the app binary itself). Not on this Node: on macOS a
 * keychain item is readable without a prompt only by the binary that created it, and the app
 * (the same Electron binary) must read the keys the CLI adds.
 */
function cli(args: string[], env: Record<string, string>, options: { cwd?: string; input?: string; command?: string[] } = {}) {
  const [command, ...prefix] = options.command ?? [binary!, BUILT_CLI]
  const childEnv = options.command ? env : { ...env, ELECTRON_RUN_AS_NODE: '1' }
  return runProcess(command!, [...prefix, ...args], { env: childEnv, ...(options.cwd && { cwd: options.cwd }), ...(options.input !== undefined && { input: options.input }) })
}
const run = (args: string[], env: Record<string, string>, options?: Parameters<typeof cli>[2]) => cli(args, env, options).done

/** Adds a profile with a fresh key through the CLI (stdin, as a person would) and binds `dir` to it. */
async function profileFor(dir: string, name: string, env: Record<string, string>, command?: string[]): Promise<string> {
  const key = freshKey()
  expect(await run(['add', name], env, { input: `${key}\n`, ...(command && { command }) })).toMatchObject({ code: 0 })
  mkdirSync(dir, { recursive: true })
  expect(await run(['use', name], env, { cwd: dir, ...(command && { command }) })).toMatchObject({ code: 0 })
  return key
}

/** Waits until the app serves the key socket of this KEYWARD_HOME (doctor's "daemon" check). */
async function socketServed(env: Record<string, string>, command?: string[]): Promise<void> {
  await expect
    .poll(
      async () => {
        const { stdout } = await run(['doctor', '--json'], env, command && { command })
        try {
          return (JSON.parse(stdout) as { checks: { name: string; status: string }[] }).checks.find((c) => c.name === 'daemon')?.status
        } catch {
          return stdout
        }
      },
      { timeout: 30_000 },
    )
    .toBe('ok')
}

/** Starts the built app (hidden, as at login) with the probe loaded first. */
async function launch(env: Record<string, string>, args: string[] = ['--hidden']): Promise<ElectronApplication> {
  return electron.launch({ executablePath: binary!, args: ['-r', PROBE, 'out/main/index.js', ...args], env })
}

/** The tray's current menu, as data. */
async function trayMenu(app: ElectronApplication): Promise<{ label: string; type: string; checked: boolean; enabled: boolean }[]> {
  return app.evaluate(() => {
    const probe = (globalThis as unknown as { __keywardProbe: { menu: Electron.Menu | null } }).__keywardProbe
    return (probe.menu?.items ?? []).map((i) => ({ label: i.label, type: i.type, checked: i.checked, enabled: i.enabled }))
  })
}

/** Clicks the top-level tray menu item with this label, as a person would. */
async function clickTrayItem(app: ElectronApplication, label: string): Promise<void> {
  await app.evaluate((_electron, wanted) => {
    const probe = (globalThis as unknown as { __keywardProbe: { menu: Electron.Menu | null } }).__keywardProbe
    const item = probe.menu?.items.find((i) => i.label === wanted)
    if (!item) throw new Error(`no tray item "${wanted}" in ${JSON.stringify(probe.menu?.items.map((i) => i.label))}`)
    ;(item.click as unknown as () => void)()
  }, label)
}

/** The dashboard window's visibility and the screen its URL shows. */
async function dashboard(app: ElectronApplication): Promise<{ visible: boolean; url: string }> {
  return app.evaluate(({ BrowserWindow }, title) => {
    const w = BrowserWindow.getAllWindows().find((x) => x.getTitle() !== title)
    return { visible: Boolean(w?.isVisible()), url: w?.webContents.getURL() ?? '' }
  }, PROMPT_TITLE)
}

test.describe('Electron app', () => {
  test.skip(!binary, reason)
  if (!binary) console.log(reason)
  test.describe.configure({ mode: 'serial' })

  test('launches the built app and the renderer reaches the core over IPC', async () => {
    const { env } = freshHome()
    const app = await electron.launch({ executablePath: binary!, args: ['out/main/index.js'], env })
    const window = await app.firstWindow()
    await expect(window.getByTestId('status')).toContainText('electron')
    const exposed = await window.evaluate(() => Object.keys((window as unknown as { keyward: object }).keyward).sort())
    expect(exposed).toContain('app.info')
    expect(exposed).toContain('tray.summary')
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    // Hardening holds in the real app: sandboxed, isolated, no devtools, CSP header on our own page.
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!
      return {
        devtools: w.webContents.isDevToolsOpened(),
        sandboxed: (w.webContents as unknown as { getLastWebPreferences(): { sandbox: boolean; contextIsolation: boolean } }).getLastWebPreferences(),
      }
    })
    expect(prefs.sandboxed).toMatchObject({ sandbox: true, contextIsolation: true })
    expect(prefs.devtools).toBe(false)
    await app.close()
  })

  test('the tray exists with its menu, and its Open dashboard item shows the hidden dashboard on the Profiles screen', async () => {
    const { env } = freshHome()
    const app = await launch(env)
    try {
      await app.firstWindow()
      await expect.poll(() => app.evaluate(() => (globalThis as unknown as { __keywardProbe: { trays: Electron.Tray[] } }).__keywardProbe.trays.filter((t) => !t.isDestroyed()).length)).toBe(1)
      await expect
        .poll(async () => (await trayMenu(app)).map((i) => i.label))
        .toEqual(expect.arrayContaining(['Sync now', 'Open dashboard', 'Start at login', 'Install command-line tool…', 'Quit Keyward']))
      expect(await app.evaluate(() => (globalThis as unknown as { __keywardProbe: { tooltip: string | null } }).__keywardProbe.tooltip)).toMatch(/^Keyward/)
      expect((await dashboard(app)).visible).toBe(false)
      await clickTrayItem(app, 'Open dashboard')
      await expect.poll(() => dashboard(app)).toMatchObject({ visible: true, url: expect.stringContaining('#/profiles') })
      if (process.platform === 'win32') {
        // Windows: a left click on the icon opens the dashboard too (the menu is on the right button).
        await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().forEach((w) => w.hide()))
        await app.evaluate(() => (globalThis as unknown as { __keywardProbe: { trays: Electron.Tray[] } }).__keywardProbe.trays[0]!.emit('click'))
        await expect.poll(async () => (await dashboard(app)).visible).toBe(true)
      }
    } finally {
      await app.close()
    }
  })

  test('Start at login toggles on and off from the tray, and the OS sees each state', async () => {
    const { home, env } = freshHome()
    const app = await launch(env)
    /** What the OS has registered: the XDG autostart entry on Linux, Electron's login item elsewhere (with the args it was registered with). */
    const registered = async () =>
      process.platform === 'linux'
        ? existsSync(join(home, 'xdg', 'autostart', 'keyward.desktop'))
        : app.evaluate(({ app: electronApp }, win) => electronApp.getLoginItemSettings(win ? { args: ['--hidden'] } : undefined).openAtLogin, process.platform === 'win32')
    const checked = async () => (await trayMenu(app)).find((i) => i.label === 'Start at login')?.checked
    try {
      await app.firstWindow()
      await expect.poll(checked).toBe(false)
      expect(await registered()).toBe(false)
      await clickTrayItem(app, 'Start at login')
      await expect.poll(registered).toBe(true)
      await expect.poll(checked).toBe(true)
      if (process.platform === 'linux') expect(readFileSync(join(home, 'xdg', 'autostart', 'keyward.desktop'), 'utf8')).toMatch(/^Exec=.*--hidden/m)
      await clickTrayItem(app, 'Start at login')
      await expect.poll(registered).toBe(false)
      await expect.poll(checked).toBe(false)
    } finally {
      // Never leave this runner's user with a login item for the test build.
      await app.evaluate(({ app: electronApp }) => {
        if (process.platform !== 'linux') electronApp.setLoginItemSettings({ openAtLogin: false, args: ['--hidden'] })
      })
      await app.close()
    }
  })

  test('an approval prompt does not block the main process: another profile is served while it is open, then Deny and Approve answer the waiting tool', async () => {
    const { home, env } = freshHome()
    const guardedDir = join(home, 'projects', 'guarded')
    const otherGuardedDir = join(home, 'projects', 'guarded-again')
    const openDir = join(home, 'projects', 'open')
    const guardedKey = await profileFor(guardedDir, 'guarded', env)
    mkdirSync(otherGuardedDir, { recursive: true })
    expect(await run(['use', 'guarded'], env, { cwd: otherGuardedDir })).toMatchObject({ code: 0 })
    const openKey = await profileFor(openDir, 'open', env)
    expect(await run(['guard', 'guarded'], env)).toMatchObject({ code: 0 })
    const app = await launch(env)
    const promptOpen = () => app.evaluate(({ BrowserWindow }, title) => BrowserWindow.getAllWindows().some((w) => !w.isDestroyed() && w.getTitle() === title && w.isVisible()), PROMPT_TITLE)
    const press = (button: RegExp) =>
      app.evaluate(
        ({ BrowserWindow }, [title, source]) => {
          const w = BrowserWindow.getAllWindows().find((x) => x.getTitle() === title)
          if (!w) throw new Error('no approval prompt window')
          return w.webContents.executeJavaScript(
            `(() => { const b = [...document.querySelectorAll('button')].find((x) => new RegExp(${JSON.stringify(source)}, 'i').test(x.textContent.trim())); if (!b) throw new Error('no such button: ' + document.body.innerText); b.click(); })()`,
          )
        },
        [PROMPT_TITLE, button.source] as const,
      )
    try {
      await app.firstWindow()
      await socketServed(env)

      const waiting = cli(['helper'], env, { cwd: guardedDir })
      let answered = false
      void waiting.done.then(() => (answered = true))
      await expect.poll(promptOpen, { timeout: 15_000 }).toBe(true)
      // While the prompt waits for a person, the same process answers another tool at once.
      expect(await run(['helper'], env, { cwd: openDir })).toEqual({ code: 0, stdout: `${openKey}\n`, stderr: '' })
      expect(await trayMenu(app)).not.toHaveLength(0)
      expect(answered).toBe(false)
      await press(/^deny$/)
      const denied = await waiting.done
      expect(denied.code).not.toBe(0)
      expect(denied.stdout).toBe('')
      expect(denied.stderr).toContain('the request was denied; guarded needs approval in the Keyward app')
      expect(denied.stderr).not.toContain(guardedKey)
      await expect.poll(promptOpen).toBe(false)

      const approved = cli(['helper'], env, { cwd: otherGuardedDir })
      await expect.poll(promptOpen, { timeout: 15_000 }).toBe(true)
      await press(/^approve$/)
      expect(await approved.done).toEqual({ code: 0, stdout: `${guardedKey}\n`, stderr: '' })
    } finally {
      await app.close()
      await run(['remove', 'guarded', '--force'], env)
      await run(['remove', 'open', '--force'], env)
    }
  })

  test('a notification click opens its screen (a rotation reminder opens Rotation)', async () => {
    const { home, env } = freshHome()
    await profileFor(join(home, 'projects', 'old'), 'old', env)
    // Age the profile past the 90-day reminder, relative to now (not to any calendar date).
    const configFile = join(home, 'config.json')
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { profiles: { name: string; createdAt: string }[] }
    config.profiles.find((p) => p.name === 'old')!.createdAt = new Date(Date.now() - 120 * 86_400_000).toISOString()
    writeFileSync(configFile, JSON.stringify(config, null, 2))
    const app = await launch(env)
    try {
      await app.firstWindow()
      const titles = () => app.evaluate(() => (globalThis as unknown as { __keywardProbe: { notifications: Electron.Notification[] } }).__keywardProbe.notifications.map((n) => n.title))
      await expect.poll(titles, { timeout: 20_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/rotat/i)]))
      expect((await dashboard(app)).visible).toBe(false)
      await app.evaluate(() => {
        const { notifications } = (globalThis as unknown as { __keywardProbe: { notifications: Electron.Notification[] } }).__keywardProbe
        notifications.find((n) => /rotat/i.test(n.title))!.emit('click')
      })
      await expect.poll(() => dashboard(app)).toMatchObject({ visible: true, url: expect.stringContaining('rotation') })
    } finally {
      await app.close()
      await run(['remove', 'old', '--force'], env)
    }
  })

  test('a second launch focuses the first instance’s window and exits', async () => {
    const { env } = freshHome()
    const app = await launch(env)
    try {
      await app.firstWindow()
      await socketServed(env)
      expect((await dashboard(app)).visible).toBe(false)
      const second = cli(['out/main/index.js', '--open=usage'], env, { command: [binary!] })
      expect((await second.done).code).toBe(0)
      await expect.poll(() => dashboard(app)).toMatchObject({ visible: true, url: expect.stringContaining('usage') })
      // Still one app: the first instance keeps the socket.
      await socketServed(env)
    } finally {
      await app.close()
    }
  })
})

test.describe('packaged app', () => {
  test.skip(!packaged, packagedReason)
  if (!packaged) console.log(packagedReason)

  test('starts from its packaged layout and serves the key socket; its CLI launcher runs the bundled CLI on the app’s runtime, and exec children do not inherit ELECTRON_RUN_AS_NODE', async () => {
    // Not electron.launch: Playwright drives Electron through --inspect, which the packaged app's
    // fuses switch off (EnableNodeCliInspectArguments). So start it as a person would and ask its CLI.
    const { home, env } = freshHome()
    const app = spawn(packaged!.executable, ['--hidden'], { env, stdio: 'ignore' })
    const launcher = join(packaged!.resources, 'bin', process.platform === 'win32' ? 'keyward.cmd' : 'keyward')
    try {
      expect(execFileSync(launcher, ['--version'], { encoding: 'utf8', env, shell: process.platform === 'win32' })).toMatch(/\d+\.\d+\.\d+/)
      await socketServed(env, [launcher])
      const dir = join(home, 'project')
      const key = await profileFor(dir, 'packaged', env, [launcher])
      const report = join(home, 'report.js')
      writeFileSync(report, 'process.stdout.write(JSON.stringify({ runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null, hasKey: process.env.ANTHROPIC_API_KEY === process.env.EXPECTED_KEY }))')
      const exec = await run(['exec', '--', process.execPath, report], { ...env, EXPECTED_KEY: key }, { cwd: dir, command: [launcher] })
      expect(exec.code).toBe(0)
      expect(JSON.parse(exec.stdout)).toEqual({ runAsNode: null, hasKey: true })
      await run(['remove', 'packaged', '--force'], env, { command: [launcher] })
    } finally {
      app.kill()
    }
  })
})
