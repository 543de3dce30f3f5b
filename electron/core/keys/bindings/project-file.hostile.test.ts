import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, lchownSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { cloneHostileRepo, snapshotTree } from '../../../../test/support/hostile-repo'
import { skipBecause } from '../../../../test/support/skip'
import { runAllow } from '../../../cli/commands/allow'
import { runWhich } from '../../../cli/commands/which'
import type { CliIO } from '../../../cli/io'
import { type TempVault, apiKey, createTempVault } from '../../vault/temp-vault.test-support'
import { createBindingsService } from './bindings-service'
import { readProjectFile } from './project-file'

/*
 * `.keyward.json` as a hostile repository or another user ships it: a link to /dev/zero committed
 * with git and cloned, a FIFO, a device, a directory, an oversized file (each refused at once,
 * naming the file: the vitest timeouts catch a hang), and files another uid planted (ignored by
 * resolution, reported by `keyward which`).
 */

let tmp: string
let vault: TempVault
beforeEach(async () => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'kw-project-hostile-')))
  mkdirSync(join(tmp, 'scratch'))
  vault = await createTempVault(tmp)
  await vault.profiles.add({ name: 'mine', kind: 'api', key: apiKey('mine') })
  await vault.profiles.add({ name: 'theirs', kind: 'api', key: apiKey('theirs') })
})
afterEach(() => rmSync(tmp, { recursive: true, force: true }))

const bindings = (uid?: number) => createBindingsService({ config: vault.config, audit: vault.audit, base: tmp, ...(uid !== undefined && { uid }) })

function cliIO(): CliIO & { out: () => string } {
  const out: string[] = []
  return { out: () => out.join(''), stdout: { write: (t: string) => out.push(t) }, stderr: { write: () => true }, stdin: new PassThrough(), env: {}, cwd: tmp }
}

const PROJECT = '.keyward.json'
const refused = (what: RegExp) => ({ code: 'INVALID_INPUT', message: expect.stringMatching(what) })

describe('a project file that is not a regular file of at most 64 KiB', () => {
  it('refuses .keyward.json -> /dev/zero, committed and cloned, at once: resolve, which and allow', { timeout: 10_000 }, async () => {
    const clone = cloneHostileRepo(join(tmp, 'scratch'), join(tmp, 'repo'), [
      { path: PROJECT, link: '/dev/zero' },
      { path: 'src/main.ts', text: '' },
    ])
    const message = new RegExp(
      `^${join(clone, PROJECT).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a valid project file \\(a symbolic link, which Keyward never follows in a project\\); it must be a regular file holding \\{"profile": "<name>"\\}: replace it with a regular file or delete it$`,
    )
    await expect(readProjectFile(clone)).rejects.toMatchObject(refused(message))
    await expect(vault.keys.resolve(join(clone, 'src'), undefined, 'direct')).rejects.toMatchObject(refused(message))
    await expect(bindings().which(join(clone, 'src'))).rejects.toMatchObject(refused(message))
    const before = await vault.snapshot()
    await expect(bindings().allow(clone)).rejects.toMatchObject(refused(message))
    expect(await vault.snapshot()).toEqual(before)
  })

  it('refuses a link to a valid project file elsewhere too (the repo must not pick a file of yours)', async () => {
    writeFileSync(join(tmp, 'outside.json'), '{"profile": "mine"}')
    const clone = cloneHostileRepo(join(tmp, 'scratch'), join(tmp, 'repo'), [{ path: PROJECT, link: '../outside.json' }])
    const before = snapshotTree([join(tmp, 'outside.json')])
    await expect(bindings().allow(clone)).rejects.toMatchObject(refused(/a symbolic link, which Keyward never follows/))
    expect(snapshotTree([join(tmp, 'outside.json')])).toEqual(before)
  })

  it('refuses a FIFO without blocking on it', { timeout: 10_000 }, async () => {
    const dir = join(tmp, 'fifo')
    mkdirSync(dir)
    execFileSync('mkfifo', [join(dir, PROJECT)])
    await expect(readProjectFile(dir)).rejects.toMatchObject(
      refused(/\.keyward\.json is not a valid project file \(a FIFO \(named pipe\), not a regular file\).*replace it with a regular file or delete it/),
    )
    await expect(vault.keys.resolve(dir, undefined, 'direct')).rejects.toMatchObject(refused(/a FIFO/))
  })

  it('refuses a directory named .keyward.json and a file over 64 KiB, unread', async () => {
    const dir = join(tmp, 'dir')
    mkdirSync(join(dir, PROJECT), { recursive: true })
    await expect(readProjectFile(dir)).rejects.toMatchObject(refused(/\(a directory, not a regular file\)/))
    const big = join(tmp, 'big')
    mkdirSync(big)
    writeFileSync(join(big, PROJECT), `{"profile": "mine", "pad": "${' '.repeat(64 * 1024)}"}`)
    await expect(readProjectFile(big)).rejects.toMatchObject(refused(/\(larger than 65536 bytes\); it must be .*: fix or delete it/))
  })

  it('refuses a device', { timeout: 10_000 }, async (context) => {
    if (process.getuid?.() !== 0) skipBecause(context, 'creating a device node (mknod) needs root')
    const dir = join(tmp, 'dev')
    mkdirSync(dir)
    execFileSync('mknod', [join(dir, PROJECT), 'c', '1', '5']) // the same device as /dev/zero
    await expect(readProjectFile(dir)).rejects.toMatchObject(refused(/\(a device, not a regular file\)/))
  })
})

describe('whose project file counts', () => {
  it('ignores a file in a world-writable directory without the sticky bit, and says so in which', async () => {
    const shared = join(tmp, 'shared')
    mkdirSync(join(shared, 'below'), { recursive: true })
    writeFileSync(join(shared, PROJECT), '{"profile": "theirs"}')
    chmodSync(shared, 0o777)
    await vault.profiles.setDefault('mine')
    expect(await bindings().which(join(shared, 'below'))).toMatchObject({
      profile: 'mine',
      reason: 'default',
      ignored: [{ path: join(shared, PROJECT), ignored: expect.stringMatching(/writable by every user \(mode 777, no sticky bit\).*run: chmod o-w/) }],
    })
    chmodSync(shared, 0o775) // group-writable is accepted (user-private groups); the file counts again
    await expect(bindings().which(join(shared, 'below'))).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
  })

  it('ignores a file of another uid (uid injected, or chowned when running as root)', async () => {
    const dir = join(tmp, 'planted')
    mkdirSync(join(dir, 'below'), { recursive: true })
    writeFileSync(join(dir, PROJECT), '{"profile": "theirs"}')
    let uid: number | undefined
    if (process.getuid?.() === 0) chownSync(join(dir, PROJECT), 4242, 4242)
    else uid = process.getuid!() + 1
    await vault.profiles.setDefault('mine')
    const found = await bindings(uid).which(join(dir, 'below'))
    expect(found).toMatchObject({
      profile: 'mine',
      reason: 'default',
      ignored: [{ path: join(dir, PROJECT), ignored: expect.stringMatching(/it belongs to uid \d+, neither you nor root, so another user put it there/) }],
    })
  })
})

// A second real uid: the planter owns the directories and files, root (this process) is "you".
const planter = 'keyward-test-planter'
const root = process.getuid?.() === 0
let planterUid: number | null = null

describe('a .keyward.json planted by another user', () => {
  beforeAll(() => {
    if (!root) return
    try {
      execFileSync('useradd', ['-M', '-N', '-s', '/usr/sbin/nologin', planter], { stdio: 'pipe' })
    } catch (error) {
      if (!String((error as { stderr?: Buffer }).stderr).includes('already exists')) throw error
    }
    planterUid = Number(execFileSync('id', ['-u', planter]).toString().trim())
  })
  afterAll(() => {
    if (root && planterUid !== null) execFileSync('userdel', [planter], { stdio: 'pipe' })
  })

  /** A root-owned sticky 1777 directory like /tmp, and a directory owned by the planter, each with their files. */
  function plant(): { sticky: string; theirs: string } {
    const sticky = join(tmp, 'tmp-like')
    const theirs = join(tmp, 'theirs')
    mkdirSync(join(sticky, 'work', 'deep'), { recursive: true })
    mkdirSync(join(theirs, 'work'), { recursive: true })
    chmodSync(tmp, 0o755) // traversable, as /tmp's parents are
    chmodSync(sticky, 0o1777)
    writeFileSync(join(sticky, PROJECT), '{"profile": "theirs"}')
    chownSync(join(sticky, PROJECT), planterUid!, planterUid!)
    writeFileSync(join(theirs, PROJECT), '{"profile": "theirs"}')
    chownSync(join(theirs, PROJECT), planterUid!, planterUid!)
    chownSync(theirs, planterUid!, planterUid!)
    return { sticky, theirs }
  }

  it('is ignored below it: resolution falls through to the default, and which says why', async (context) => {
    if (!root) skipBecause(context, 'a second uid (useradd keyward-test-planter) needs root')
    const { sticky, theirs } = plant()
    await expect(bindings().which(join(sticky, 'work', 'deep'))).rejects.toMatchObject({
      code: 'NOT_BOUND',
      message: expect.stringContaining(`(ignored ${join(sticky, PROJECT)}: it belongs to uid ${planterUid}, neither you nor root`),
    })
    await vault.profiles.setDefault('mine')
    expect(await vault.keys.resolve(join(sticky, 'work', 'deep'), undefined, 'direct')).toMatchObject({ profile: 'mine', key: apiKey('mine') })
    expect(await vault.keys.resolve(join(theirs, 'work'), undefined, 'direct')).toMatchObject({ profile: 'mine' })

    const text = cliIO()
    expect(await runWhich({ dir: join(sticky, 'work'), json: false }, text, bindings())).toBe(0)
    expect(text.out()).toBe(
      `mine  (the default profile; nothing is bound here)\nignored ${join(sticky, PROJECT)}: it belongs to uid ${planterUid}, neither you nor root, so another user put it there\n`,
    )
    const json = cliIO()
    expect(await runWhich({ dir: join(theirs, 'work'), json: true }, json, bindings())).toBe(0)
    expect(JSON.parse(json.out())).toMatchObject({
      profile: 'mine',
      reason: 'default',
      ignoredProjectFiles: [{ file: join(theirs, PROJECT), reason: expect.stringMatching(new RegExp(`it belongs to uid ${planterUid}`)) }],
    })
  })

  it('is ignored in a directory the planter owns even when the file is root’s, and never allowed', async (context) => {
    if (!root) skipBecause(context, 'a second uid (useradd keyward-test-planter) needs root')
    const { theirs } = plant()
    chownSync(join(theirs, PROJECT), 0, 0)
    expect(await readProjectFile(theirs)).toMatchObject({ ignored: `the directory ${theirs} belongs to uid ${planterUid}, neither you nor root, so its owner could have put it there` })
    const before = await vault.snapshot()
    await expect(runAllow({ dir: join(theirs, 'work'), json: false }, cliIO(), bindings())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/nothing to allow \(ignored .*theirs\/\.keyward\.json: the directory/),
    })
    expect(await vault.snapshot()).toEqual(before)
  })

  it('is ignored, not refused, when it is a FIFO or a link to /dev/zero (no hang, no error below it)', { timeout: 10_000 }, async (context) => {
    if (!root) skipBecause(context, 'a second uid (useradd keyward-test-planter) needs root')
    const { sticky } = plant()
    rmSync(join(sticky, PROJECT))
    execFileSync('mkfifo', [join(sticky, PROJECT)])
    chownSync(join(sticky, PROJECT), planterUid!, planterUid!)
    await vault.profiles.setDefault('mine')
    expect(await bindings().which(join(sticky, 'work'))).toMatchObject({ profile: 'mine', ignored: [{ ignored: expect.stringContaining(`uid ${planterUid}`) }] })
    rmSync(join(sticky, PROJECT))
    symlinkSync('/dev/zero', join(sticky, PROJECT))
    lchownSync(join(sticky, PROJECT), planterUid!, planterUid!)
    expect(await bindings().which(join(sticky, 'work'))).toMatchObject({ profile: 'mine', ignored: [{ ignored: expect.stringContaining(`uid ${planterUid}`) }] })
  })
})
