import { mkdir, mkdtemp, readdir, readlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { installCommandLineTool, installFromTray, launcherPath } from './cli-install'

vi.mock('electron', () => ({}))

async function dirs() {
  const root = await mkdtemp(join(tmpdir(), 'keyward-cli-'))
  const system = join(root, 'usr-local-bin')
  const user = join(root, 'home/.local/bin')
  await mkdir(system, { recursive: true })
  await mkdir(user, { recursive: true })
  return { root, system, user }
}
const launcher = '/opt/Keyward/resources/bin/keyward'

describe.skipIf(process.platform === 'win32')('install command-line tool', () => {
  it('links into the first writable folder and says whether it is on PATH', async () => {
    const { root, system, user } = await dirs()
    const isWritable = async (dir: string) => dir !== system
    const result = await installCommandLineTool({ launcher, platform: 'linux', home: join(root, 'home'), env: { PATH: `/usr/bin:${user}` }, targets: [system, user], isWritable })
    expect(result).toEqual({ linkPath: join(user, 'keyward'), onPath: true, alreadyInstalled: false })
    expect(await readlink(join(user, 'keyward'))).toBe(launcher)
  })

  it('is idempotent, never overwrites another keyward, and explains what to run when nothing is writable', async () => {
    const { root, system, user } = await dirs()
    const opts = { launcher, platform: 'linux' as const, home: join(root, 'home'), env: { PATH: '' }, targets: [system] }
    await installCommandLineTool(opts)
    expect(await installCommandLineTool(opts)).toMatchObject({ alreadyInstalled: true, onPath: false })
    await writeFile(join(user, 'keyward'), 'someone else')
    await expect(installCommandLineTool({ ...opts, targets: [user] })).rejects.toMatchObject({ code: 'CONFLICT' })
    const locked = join(root, 'locked')
    await mkdir(locked)
    await expect(installCommandLineTool({ ...opts, targets: [locked], isWritable: async () => false })).rejects.toThrow(`sudo ln -s '${launcher}' /usr/local/bin/keyward`)
  })
})

describe('install command-line tool (platform rules)', () => {
  it('Windows and AppImage get instructions instead of a broken link', async () => {
    await expect(installCommandLineTool({ launcher: 'C:\\K\\resources\\bin\\keyward.cmd', platform: 'win32', home: 'C:\\U', env: {} })).rejects.toMatchObject({ code: 'API_UNSUPPORTED' })
    await expect(installCommandLineTool({ launcher, platform: 'linux', home: '/h', env: { APPIMAGE: '/h/Keyward.AppImage' } })).rejects.toThrow('.deb')
    expect(launcherPath('/Applications/Keyward.app/Contents/Resources', 'darwin')).toBe('/Applications/Keyward.app/Contents/Resources/bin/keyward')
    expect(launcherPath('C:\\K\\resources', 'win32')).toMatch(/keyward\.cmd$/)
  })
})

/** Electron 45's macOS app: isInApplicationsFolder/moveToApplicationsFolder exist on macOS only; a successful move quits and relaunches. */
function macApp(inApplications: boolean, moveResult: boolean) {
  return { isInApplicationsFolder: vi.fn(() => inApplications), moveToApplicationsFolder: vi.fn(() => moveResult) }
}

describe('install command-line tool from the tray (macOS app translocation)', () => {
  const translocated = '/private/var/folders/x/T/AppTranslocation/1234/d/Keyward.app/Contents/Resources/bin/keyward'

  it('outside /Applications it offers the move first and links nothing, whatever the answer', async () => {
    const { root, system } = await dirs()
    for (const [agree, moved] of [
      [true, true],
      [false, true],
    ] as const) {
      const app = macApp(false, moved)
      const tell = vi.fn()
      await installFromTray({ launcher: translocated, platform: 'darwin', home: join(root, 'home'), env: { PATH: system }, targets: [system], app, askToMove: async () => agree, tell })
      expect(app.moveToApplicationsFolder).toHaveBeenCalledTimes(agree ? 1 : 0)
      expect(tell).not.toHaveBeenCalled()
    }
    expect(await readdir(system)).toEqual([])
  })

  it('a cancelled move says what to do and links nothing', async () => {
    const { root, system } = await dirs()
    const app = macApp(false, false)
    await expect(
      installFromTray({ launcher: translocated, platform: 'darwin', home: join(root, 'home'), env: {}, targets: [system], app, askToMove: async () => true, tell: vi.fn() }),
    ).rejects.toThrow('Move Keyward to Applications, open it from there')
    expect(await readdir(system)).toEqual([])
  })

  it('the installer itself refuses to link from outside /Applications on macOS', async () => {
    const { root, system } = await dirs()
    await expect(installCommandLineTool({ launcher: translocated, platform: 'darwin', home: join(root, 'home'), env: {}, targets: [system] })).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
    await expect(installCommandLineTool({ launcher: translocated, platform: 'darwin', home: join(root, 'home'), env: {}, targets: [system], inApplicationsFolder: false })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    })
    expect(await readdir(system)).toEqual([])
  })

  it('in /Applications it links and tells where; on Linux it never calls the macOS-only methods', async () => {
    const { root, system } = await dirs()
    const mac = '/Applications/Keyward.app/Contents/Resources/bin/keyward'
    const tell = vi.fn()
    await installFromTray({ launcher: mac, platform: 'darwin', home: join(root, 'home'), env: { PATH: system }, targets: [system], app: macApp(true, false), askToMove: async () => false, tell })
    expect(await readlink(join(system, 'keyward'))).toBe(mac)
    expect(tell).toHaveBeenCalledWith(`The keyward command is installed at ${join(system, 'keyward')}.`, ['Open a new terminal and run: keyward --help'])
    const linux = await dirs()
    const app = macApp(false, false)
    await installFromTray({ launcher, platform: 'linux', home: join(linux.root, 'home'), env: { PATH: '' }, targets: [linux.system], app, askToMove: async () => true, tell })
    expect(app.isInApplicationsFolder).not.toHaveBeenCalled()
    expect(await readlink(join(linux.system, 'keyward'))).toBe(launcher)
  })

  it('Windows: the PATH instructions are an error the tray shows in a dialog', async () => {
    await expect(
      installFromTray({ launcher: 'C:\\K\\resources\\bin\\keyward.cmd', platform: 'win32', home: 'C:\\U', env: {}, app: macApp(false, false), askToMove: async () => true, tell: vi.fn() }),
    ).rejects.toThrow('add C:\\K\\resources\\bin to your PATH')
  })
})
