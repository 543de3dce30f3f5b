import { mkdir, mkdtemp, realpath, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkClaimedDirectory } from './claimed-directory'
import { type PeerIdentity, UNIDENTIFIED } from './peer-identity'

let root: string
beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'kw-claim-')))
  await mkdir(join(root, 'app', 'src'), { recursive: true })
  await mkdir(join(root, 'app2'))
})
afterEach(() => rm(root, { recursive: true, force: true }))

const peer = (cwd: string | null, uid: number | null = process.getuid?.() ?? null): PeerIdentity => ({ pid: 4242, uid, exe: '/usr/bin/node', cwd, startTime: '1' })

describe('checkClaimedDirectory', () => {
  it('accepts the real directory and any below it', async () => {
    expect(await checkClaimedDirectory(join(root, 'app'), peer(join(root, 'app')))).toEqual({ real: join(root, 'app'), claimedDirectory: join(root, 'app') })
    expect(await checkClaimedDirectory(join(root, 'app', 'src'), peer(join(root, 'app')))).toMatchObject({ real: join(root, 'app') })
  })

  it('names the claimed directory only when it is one: a file or a missing path below the cwd passes with null, for the resolver to name', async () => {
    await writeFile(join(root, 'app', 'notes.txt'), 'x')
    expect(await checkClaimedDirectory(join(root, 'app', 'notes.txt'), peer(join(root, 'app')))).toEqual({ real: join(root, 'app'), claimedDirectory: null })
    expect(await checkClaimedDirectory(join(root, 'app', 'missing'), peer(join(root, 'app')))).toEqual({ real: join(root, 'app'), claimedDirectory: null })
  })

  it('refuses a sibling that shares a name prefix, a parent, and a path climbing out with ..', async () => {
    const from = peer(join(root, 'app'))
    await expect(checkClaimedDirectory(join(root, 'app2'), from)).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining(`real working directory is ${join(root, 'app')}`) })
    await expect(checkClaimedDirectory(root, from)).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
    await expect(checkClaimedDirectory(join(root, 'app', '..', 'app2'), from)).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
  })

  it('refuses a caller the OS did not name, one whose cwd is unknown, and one whose cwd was deleted', async () => {
    await expect(checkClaimedDirectory(join(root, 'app'), UNIDENTIFIED.peer)).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('could not identify the process') })
    await expect(checkClaimedDirectory(join(root, 'app'), peer(null))).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: expect.stringContaining('could not read the working directory of /usr/bin/node (pid 4242)'),
    })
    await expect(checkClaimedDirectory(join(root, 'app'), peer(join(root, 'gone')))).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('no longer exists') })
  })

  it('refuses a caller of another user, and accepts this user and root', async () => {
    const app = join(root, 'app')
    await expect(checkClaimedDirectory(app, peer(app, 4243), 1000)).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('runs as another user (uid 4243)') })
    expect(await checkClaimedDirectory(app, peer(app, 1000), 1000)).toMatchObject({ real: app })
    expect(await checkClaimedDirectory(app, peer(app, 0), 1000)).toMatchObject({ real: app })
  })
  it('concurrent checks of one directory agree, and a link re-pointed after they return is seen by the next check', async () => {
    await symlink(join(root, 'app'), join(root, 'link'))
    const from = peer(join(root, 'link'))
    const together = await Promise.all(Array.from({ length: 20 }, () => checkClaimedDirectory(join(root, 'link', 'src'), from)))
    expect(new Set(together.map((c) => `${c.real} ${c.claimedDirectory}`))).toEqual(new Set([`${join(root, 'app')} ${join(root, 'app', 'src')}`]))
    // Re-pointed by a rename, as an attacker would (atomic): the shared call has returned, so nothing of it is kept.
    await mkdir(join(root, 'app2', 'src'))
    await symlink(join(root, 'app2'), join(root, 'link2'))
    await rename(join(root, 'link2'), join(root, 'link'))
    expect(await checkClaimedDirectory(join(root, 'link', 'src'), from)).toEqual({ real: join(root, 'app2'), claimedDirectory: join(root, 'app2', 'src') })
  })

  it('resolves a caller that claims its own working directory once, with the same answers as two resolutions', async () => {
    await symlink(join(root, 'app'), join(root, 'link'))
    // The same string for both, through a link: both are the link's target.
    expect(await checkClaimedDirectory(join(root, 'link'), peer(join(root, 'link')))).toEqual({ real: join(root, 'app'), claimedDirectory: join(root, 'app') })
    // Its own directory deleted, or a file where it was: refused as before.
    await expect(checkClaimedDirectory(join(root, 'gone'), peer(join(root, 'gone')))).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('no longer exists') })
    await writeFile(join(root, 'plain'), 'x')
    expect(await checkClaimedDirectory(join(root, 'plain'), peer(join(root, 'plain')))).toEqual({ real: join(root, 'plain'), claimedDirectory: null })
  })
})
