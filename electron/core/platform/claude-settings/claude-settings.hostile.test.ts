import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type RepoEntry, cloneHostileRepo, snapshotTree } from '../../../../test/support/hostile-repo'
import { runClaudeSetup } from '../../../cli/commands/claude'
import { checkClaudeSettings } from '../../../cli/commands/doctor'
import type { CliIO } from '../../../cli/io'
import { setupApiKeyHelper, undoApiKeyHelper } from './claude-settings'
import { backupPathFor } from './settings-backup'

/*
 * `keyward claude setup --scope project` in a repository an attacker shipped: each case commits
 * links with git, clones the repo into a fake HOME, runs setup and --undo through the CLI, and
 * checks the refusal and that no file outside the clone (the fake HOME's settings and
 * .bash_profile, the links' targets) changed by a byte or an mtime.
 */

let tmp: string
let home: string
let data: string
let elsewhere: string
const USER_SETTINGS = '{\n  "theme": "dark"\n}\n'
const PROFILE = 'echo welcome\n'

beforeEach(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'kw-claude-hostile-')))
  home = join(tmp, 'home')
  data = join(tmp, 'data')
  elsewhere = join(tmp, 'elsewhere')
  mkdirSync(join(home, '.claude'), { recursive: true })
  mkdirSync(join(home, 'code'), { recursive: true })
  mkdirSync(elsewhere)
  mkdirSync(join(tmp, 'scratch'))
  writeFileSync(join(home, '.claude', 'settings.json'), USER_SETTINGS)
  writeFileSync(join(home, '.bash_profile'), PROFILE)
  writeFileSync(join(home, 'code', 'outside.json'), '{"mine": true}\n')
  writeFileSync(join(elsewhere, 'settings.json'), '{"elsewhere": true}\n')
})
afterEach(() => rmSync(tmp, { recursive: true, force: true }))

function cliIO(cwd: string): CliIO & { out: string[]; err: string[] } {
  const out: string[] = []
  const err: string[] = []
  return {
    out,
    err,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    stdin: new PassThrough(),
    env: { HOME: home, KEYWARD_HOME: data, KEYWARD_LAUNCHER: '/opt/keyward/bin/keyward' },
    cwd,
  }
}

const setup = (dir: string, undo = false) => runClaudeSetup({ scope: 'project', dir, undo, json: false }, cliIO(dir))

async function refusal(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error, 'the run should have been refused').not.toBeNull()
  return { code: (error as { code: string }).code, message: (error as Error).message }
}

/** Everything outside the clone (and outside Keyward's data directory), as bytes and mtimes. */
const outside = (clone: string) => snapshotTree([home, elsewhere], [clone])

const SETTINGS: RepoEntry = { path: '.claude/settings.json', text: '{\n  "x": "$(id > pwned)"\n}\n' }

/** The attacks; `dangling` removes the link's target from the fake HOME first (the case that wrote through before). */
const attacks: { name: string; entries: RepoEntry[]; message: RegExp; dangling?: string }[] = [
  {
    name: 'settings.json.keyward-backup -> ../../../.claude/settings.json (the user settings)',
    entries: [SETTINGS, { path: '.claude/settings.json.keyward-backup', link: '../../../.claude/settings.json' }],
    message: /\.claude\/settings\.json\.keyward-backup is a symbolic link where an old Keyward backup would be, which Keyward never follows .*\(rm .*settings\.json\.keyward-backup\)/,
  },
  {
    name: 'settings.json.keyward-backup -> ../../../.claude/settings.json, which does not exist yet',
    entries: [SETTINGS, { path: '.claude/settings.json.keyward-backup', link: '../../../.claude/settings.json' }],
    message: /settings\.json\.keyward-backup is a symbolic link where an old Keyward backup would be/,
    dangling: '.claude/settings.json',
  },
  {
    name: 'settings.json.keyward-backup -> ../../../.bash_profile',
    entries: [SETTINGS, { path: '.claude/settings.json.keyward-backup', link: '../../../.bash_profile' }],
    message: /settings\.json\.keyward-backup is a symbolic link where an old Keyward backup would be/,
  },
  {
    name: 'settings.json.keyward-backup -> ../../../.bash_profile, which does not exist yet',
    entries: [SETTINGS, { path: '.claude/settings.json.keyward-backup', link: '../../../.bash_profile' }],
    message: /settings\.json\.keyward-backup is a symbolic link where an old Keyward backup would be/,
    dangling: '.bash_profile',
  },
  {
    name: 'settings.json.keyward-none -> ../../../.bash_profile (the old "no file" marker)',
    entries: [
      { path: '.claude/README', text: 'x' },
      { path: '.claude/settings.json.keyward-none', link: '../../../.bash_profile' },
    ],
    message: /settings\.json\.keyward-none is a symbolic link where an old Keyward backup would be/,
  },
  {
    name: '.claude -> another directory (absolute)',
    entries: [
      { path: 'README', text: 'x' },
      { path: '.claude', link: '/will-be-replaced' },
    ],
    message: /\.claude is a symbolic link \(to ".*elsewhere"\), which Keyward never follows .*replace it with a real directory/,
  },
  {
    name: '.claude -> a directory that does not exist',
    entries: [
      { path: 'README', text: 'x' },
      { path: '.claude', link: '../../nowhere' },
    ],
    message: /\.claude is a symbolic link \(to "\.\.\/\.\.\/nowhere"\)/,
  },
  {
    name: '.claude/settings.json -> ../../outside.json',
    entries: [{ path: '.claude/settings.json', link: '../../outside.json' }],
    message: /\.claude\/settings\.json is a symbolic link \(to "\.\.\/\.\.\/outside\.json"\), which Keyward never follows .*replace it with a real file/,
  },
  {
    name: '.claude/settings.json -> /dev/zero',
    entries: [{ path: '.claude/settings.json', link: '/dev/zero' }],
    message: /settings\.json is a symbolic link \(to "\/dev\/zero"\)/,
  },
]

describe('keyward claude setup --scope project in a hostile clone', () => {
  it.each(attacks)('refuses $name, on setup and on --undo, and touches nothing outside', async ({ entries, message, dangling }) => {
    if (dangling) rmSync(join(home, dangling))
    const committed = entries.map((e) => ('link' in e && e.link === '/will-be-replaced' ? { path: e.path, link: elsewhere } : e))
    const clone = cloneHostileRepo(join(tmp, 'scratch'), join(home, 'code', 'repo'), committed)
    const before = outside(clone)
    const cloneBefore = snapshotTree([clone], [join(clone, '.git')])
    for (const undo of [false, true]) {
      const refused = await refusal(setup(clone, undo))
      expect(refused.code).toBe('NOT_ALLOWED')
      expect(refused.message).toMatch(message)
      expect(refused.message).toMatch(/changed nothing/)
    }
    expect(outside(clone)).toEqual(before)
    expect(snapshotTree([clone], [join(clone, '.git')])).toEqual(cloneBefore)
    for (const [path, text] of [
      ['.claude/settings.json', USER_SETTINGS],
      ['.bash_profile', PROFILE],
    ] as const) {
      if (path === dangling) expect(existsSync(join(home, path)), `${path} was created`).toBe(false)
      else expect(readFileSync(join(home, path), 'utf8')).toBe(text)
    }
    expect(existsSync(join(home, 'nowhere'))).toBe(false)
    expect(existsSync(join(data, 'claude-backups'))).toBe(false)
  })

  it('sets up an honest clone, keeps the backup out of it, and --undo restores it byte for byte', async () => {
    const original = '{\n  "model": "opus"\n}\n'
    const clone = cloneHostileRepo(join(tmp, 'scratch'), join(home, 'code', 'honest'), [{ path: '.claude/settings.json', text: original }])
    const before = outside(clone)
    expect(await setup(clone)).toBe(0)
    expect(JSON.parse(readFileSync(join(clone, '.claude', 'settings.json'), 'utf8'))).toEqual({ model: 'opus', apiKeyHelper: 'keyward helper' })
    expect(readdirSync(join(clone, '.claude'))).toEqual(['settings.json'])
    const record = backupPathFor(data, join(clone, '.claude', 'settings.json'))
    expect(JSON.parse(readFileSync(record, 'utf8'))).toMatchObject({ existed: true, content: original })
    expect(await setup(clone, true)).toBe(0)
    expect(readFileSync(join(clone, '.claude', 'settings.json'), 'utf8')).toBe(original)
    expect(existsSync(record)).toBe(false)
    expect(outside(clone)).toEqual(before)
  })
})

describe('keyward doctor in a hostile clone', () => {
  it('reports a settings.json -> /dev/zero or a FIFO at once, reading nothing', { timeout: 10_000 }, async () => {
    const { execFileSync } = await import('node:child_process')
    const clone = cloneHostileRepo(join(tmp, 'scratch'), join(home, 'code', 'repo'), [{ path: '.claude/settings.json', link: '/dev/zero' }])
    const file = join(clone, '.claude', 'settings.json')
    expect(await checkClaudeSettings('project', file, false, { launcher: '/opt/keyward/bin/keyward', cwd: clone, env: {} })).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/settings\.json is a symbolic link, which Keyward never follows/),
      fix: 'do what the message says',
    })
    rmSync(file)
    execFileSync('mkfifo', [file])
    expect(await checkClaudeSettings('project', file, false, { launcher: '/opt/keyward/bin/keyward', cwd: clone, env: {} })).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/settings\.json is a FIFO \(named pipe\), not a regular file/),
    })
  })
})

describe('settings locations Keyward refuses', () => {
  it('refuses a user settings.json that is a link (a dotfiles link too) and says what to do', async () => {
    mkdirSync(join(tmp, 'dotfiles'))
    writeFileSync(join(tmp, 'dotfiles', 'settings.json'), USER_SETTINGS)
    rmSync(join(home, '.claude', 'settings.json'))
    symlinkSync(join(tmp, 'dotfiles', 'settings.json'), join(home, '.claude', 'settings.json'))
    const before = snapshotTree([tmp])
    const refused = await refusal(runClaudeSetup({ scope: 'user', dir: home, undo: false, json: false }, cliIO(home)))
    expect(refused).toMatchObject({
      code: 'NOT_ALLOWED',
      message: expect.stringMatching(
        /settings\.json is a symbolic link .*replace it with a real file of yours .*; or add "apiKeyHelper": "\/opt\/keyward\/bin\/keyward helper" by hand to the settings file you mean$/,
      ),
    })
    expect(snapshotTree([tmp])).toEqual(before)
  })

  it('refuses a .claude or settings.json that is not yours (uid injected), and a world-writable .claude', async () => {
    const project = join(tmp, 'project')
    mkdirSync(join(project, '.claude'), { recursive: true })
    writeFileSync(join(project, '.claude', 'settings.json'), '{}\n')
    const someoneElse = (process.getuid?.() ?? 0) + 4242
    await expect(setupApiKeyHelper({ base: project, dataDir: data, uid: someoneElse }, 'k helper')).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: expect.stringMatching(/\.claude belongs to uid \d+, not to you/),
    })
    chmodSync(join(project, '.claude'), 0o777)
    await expect(setupApiKeyHelper({ base: project, dataDir: data }, 'k helper')).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringMatching(/writable by every user .*chmod o-w/) })
    expect(readFileSync(join(project, '.claude', 'settings.json'), 'utf8')).toBe('{}\n')
    expect(existsSync(data)).toBe(false)
  })

  it('refuses a settings.json that is a FIFO or a directory without blocking, and one over the cap', { timeout: 10_000 }, async () => {
    const { execFileSync } = await import('node:child_process')
    const project = join(tmp, 'project')
    mkdirSync(join(project, '.claude'), { recursive: true })
    execFileSync('mkfifo', [join(project, '.claude', 'settings.json')])
    await expect(setupApiKeyHelper({ base: project, dataDir: data }, 'k helper')).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: expect.stringMatching(/is a FIFO \(named pipe\), not a regular file/),
    })
    rmSync(join(project, '.claude', 'settings.json'))
    mkdirSync(join(project, '.claude', 'settings.json'))
    await expect(setupApiKeyHelper({ base: project, dataDir: data }, 'k helper')).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringMatching(/is a directory, not a regular file/) })
    rmSync(join(project, '.claude', 'settings.json'), { recursive: true })
    writeFileSync(join(project, '.claude', 'settings.json'), `{"pad": "${'x'.repeat(1024 * 1024)}"}`)
    await expect(setupApiKeyHelper({ base: project, dataDir: data }, 'k helper')).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringMatching(/larger than 1048576 bytes/) })
    expect(existsSync(data)).toBe(false)
  })
})

describe('an old backup beside the settings file (earlier Keyward versions)', () => {
  it('is taken over when it is a regular file of yours: recorded in the data directory, removed beside the file, restored by --undo', async () => {
    const project = join(tmp, 'project')
    mkdirSync(join(project, '.claude'), { recursive: true })
    const file = join(project, '.claude', 'settings.json')
    writeFileSync(file, '{\n  "apiKeyHelper": "old keyward helper"\n}\n')
    writeFileSync(`${file}.keyward-backup`, '{\n  "model": "before keyward"\n}\n')
    const target = { base: project, dataDir: data }
    expect(await setupApiKeyHelper(target, 'new helper')).toMatchObject({ backup: backupPathFor(data, file), previousHelper: 'old keyward helper' })
    expect(existsSync(`${file}.keyward-backup`)).toBe(false)
    expect(await undoApiKeyHelper(target)).toEqual({ file, action: 'restored' })
    expect(readFileSync(file, 'utf8')).toBe('{\n  "model": "before keyward"\n}\n')
  })

  it('is used by --undo directly, and an old "no file" marker removes the file Keyward made', async () => {
    const project = join(tmp, 'project')
    mkdirSync(join(project, '.claude'), { recursive: true })
    const file = join(project, '.claude', 'settings.json')
    writeFileSync(file, '{\n  "apiKeyHelper": "old keyward helper"\n}\n')
    writeFileSync(`${file}.keyward-none`, '')
    expect(await undoApiKeyHelper({ base: project, dataDir: data })).toEqual({ file, action: 'removed' })
    expect(readdirSync(join(project, '.claude'))).toEqual([])
  })
})
