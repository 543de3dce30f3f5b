import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, readdir, realpath } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import keytar from 'keytar'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKeytarKeychain } from '../../electron/core/vault/keychain'
import { createVault } from '../../electron/core/vault/vault'
import { KEYWARD_BIN } from '../support/daemon'
import { secretServiceAvailable } from '../support/keyring'
import { type ProcessResult, runProcess } from '../support/run-process'

const keyring = await secretServiceAvailable()
if (!keyring.available) console.log(keyring.reason)

const BUILT_CLI = resolve('out/cli/keyward.js')

/** A fresh, real-looking API key: `sk-ant-api03-` + 91 random characters + `igAA`. */
function freshKey(): string {
  const body = randomBytes(120)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 91)
  return `sk-ant-api03-${body}igAA`
}

/** Runs the built CLI as a user would, with `input` piped on stdin. */
function keyward(args: string[], env: NodeJS.ProcessEnv, input = '', cwd = process.cwd()): Promise<ProcessResult> {
  return runProcess(KEYWARD_BIN, args, { env: { ...process.env, ...env }, cwd, input }).done
}

/** Every file under `dir`, recursively, with its contents. */
async function allFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  if (!existsSync(dir)) return out
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name)
      out.set(path, await readFile(path, 'latin1'))
    }
  }
  return out
}

/** Fails naming the file if any file under `dir` holds `secret` or any 16-character piece of it. */
async function expectNoSecretUnder(dir: string, secret: string): Promise<void> {
  const files = await allFiles(dir)
  for (const [path, text] of files) {
    for (let i = 0; i + 16 <= secret.length; i++) {
      if (text.includes(secret.slice(i, i + 16))) throw new Error(`${path} holds part of the secret (at ${i})`)
    }
  }
}

beforeAll(() => {
  if (!existsSync(BUILT_CLI)) throw new Error('the CLI is not built: run npm run build first (npm test does)')
})

describe.skipIf(!keyring.available)('the vault on a real Secret Service (gnome-keyring through keytar)', () => {
  it('adds, reads, renames and removes through the real keychain, leaving no secret on disk', async () => {
    const home = await mkdtemp(join(tmpdir(), 'keyward-vault-it-'))
    const project = await realpath(await mkdtemp(join(tmpdir(), 'keyward-project-')))
    const service = `keyward-it-${process.pid}`
    const vault = createVault({ dataDir: home, keychain: createKeytarKeychain(service) })
    const key = freshKey()
    await vault.profiles.add({ name: 'acme', kind: 'api', key: `${key}\n` })
    expect(await keytar.getPassword(service, 'acme')).toBe(key)
    await vault.bindings.set(project, 'acme')
    expect(await vault.keys.resolve(project, 'test', 'direct')).toMatchObject({ profile: 'acme', key, reason: 'binding' })
    await vault.profiles.rename('acme', 'acme-renamed')
    expect(await keytar.getPassword(service, 'acme')).toBeNull()
    expect(await keytar.getPassword(service, 'acme-renamed')).toBe(key)
    expect((await vault.keys.resolve(project, 'test', 'direct')).profile).toBe('acme-renamed')
    await vault.profiles.remove('acme-renamed', { force: true })
    expect(await keytar.getPassword(service, 'acme-renamed')).toBeNull()
    expect(await vault.profiles.list()).toEqual([])
    await expectNoSecretUnder(home, key)
  })

  it('the built CLI adds from stdin, lists, binds and explains, and no file under KEYWARD_HOME holds the key', async () => {
    const home = await mkdtemp(join(tmpdir(), 'keyward-cli-it-'))
    const project = await realpath(await mkdtemp(join(tmpdir(), 'keyward-project-')))
    await mkdir(join(project, 'src'))
    const env = { KEYWARD_HOME: home }
    const key = freshKey()
    const name = `it-${process.pid}`

    const add = await keyward(['add', name], env, `${key}\n`)
    expect(add).toMatchObject({ code: 0, stderr: '' })
    expect(add.stdout).toContain(`Added profile ${name} (api key ${key.slice(0, 15)}…${key.slice(-4)})`)

    const list = await keyward(['list', '--json'], env)
    expect(list.code).toBe(0)
    expect(JSON.parse(list.stdout)).toMatchObject([{ name, kind: 'api', hint: `${key.slice(0, 15)}…${key.slice(-4)}`, bindings: [] }])

    expect(await keyward(['use', name], env, '', project)).toMatchObject({ code: 0, stdout: `Bound ${project} and its subdirectories to ${name}.\n` })
    const which = await keyward(['which', '--json', '--dir', 'src'], env, '', project)
    expect(JSON.parse(which.stdout)).toEqual({ profile: name, reason: 'binding', directory: project, cwd: join(project, 'src'), projectFile: null, ignoredProjectFiles: [] })

    for (const result of [add, list, which]) expect(result.stdout + result.stderr).not.toContain(key.slice(16, 40))
    expect(await keytar.getPassword('keyward', name)).toBe(key)
    await expectNoSecretUnder(home, key)

    expect((await keyward(['remove', name, '--force'], env)).code).toBe(0)
    expect(await keytar.getPassword('keyward', name)).toBeNull()
  })
})

describe('the vault with no Secret Service', () => {
  it('refuses with one KEYCHAIN_UNAVAILABLE line and exit 4, and writes no plaintext anywhere', async () => {
    const home = await mkdtemp(join(tmpdir(), 'keyward-nobus-'))
    const key = freshKey()
    const env = { KEYWARD_HOME: home, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-such-bus')}` }
    const add = await keyward(['add', 'acme'], env, key)
    expect(add.code).toBe(4)
    expect(add.stdout).toBe('')
    expect(add.stderr).toMatch(/^keyward: the OS keychain could not store a key \([^\n]*\); start and unlock your login keyring[^\n]*Nothing was stored in plaintext\.\n$/)
    expect(add.stderr).not.toContain(key.slice(13, 29))
    await expectNoSecretUnder(home, key)
    expect((await allFiles(home)).size).toBe(0)
    const list = await keyward(['list', '--json'], env)
    expect(JSON.parse(list.stdout)).toEqual([])
  })
})
