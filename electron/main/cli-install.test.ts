import { mkdir, mkdtemp, readlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { installCommandLineTool, launcherPath } from './cli-install'

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
