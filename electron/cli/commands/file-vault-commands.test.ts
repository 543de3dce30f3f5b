import { chmod, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { createConfigStore } from '../../core/platform/config/config-store'
import { type KeySocketServer, startKeySocketServer } from '../../core/serving/socket/socket-server'
import { createSocketVaultOps } from '../../core/serving/socket/vault-ops'
import { handleRequestLine } from '../../core/serving/socket/socket-handler'
import { guardSecretAccount, profileKeyAccount } from '../../core/vault/secret-accounts'
import { createVaultSession } from '../../core/vault/file/vault-session'
import { encryptVault, openVaultFile, vaultPath, writeVaultFile } from '../../core/vault/file/vault-file'
import { createMemoryKeychain } from '../../core/vault/memory-keychain'
import { accountsToMigrate, copyFileToKeychain, copyKeychainToFile } from '../../core/vault/migrate'
import { apiKey } from '../../core/vault/temp-vault.test-support'
import type { CliIO } from '../io'
import { PASSPHRASE_CREDENTIAL, readPassphrase, readPassphraseFile } from '../passphrase'
import { socketLocation } from '../../core/serving/socket/socket-path'
import { checkFileVault } from './doctor'
import { runLock } from './lock'
import { parseUnlockArgs, runUnlock } from './unlock'
import { parseVaultArgs } from './vault'

const PASS = 'correct horse battery'

function pipeIO(dataDir: string, input = '', env: NodeJS.ProcessEnv = {}) {
  let out = ''
  const stdin = new PassThrough()
  stdin.end(input)
  const io: CliIO = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => {} }, stdin, env: { KEYWARD_HOME: dataDir, ...env }, cwd: '/' }
  return { io, out: () => out }
}

async function fileVaultDir(secrets: Record<string, string> = { acme: apiKey() }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kw-fv-'))
  await writeVaultFile(vaultPath(dir), await encryptVault(PASS, new Map(Object.entries(secrets)), 10))
  return dir
}

describe('keyward unlock and lock over a real key socket', () => {
  let server: KeySocketServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  async function serve(dataDir: string) {
    const session = createVaultSession({ path: vaultPath(dataDir), logN: 10 })
    const unused = async () => {
      throw new Error('not in this test')
    }
    server = await startKeySocketServer({ dataDir, env: {}, peers: null, keys: { resolve: unused, vault: createSocketVaultOps(session) } })
    return session
  }

  it('hands the passphrase over the socket; a wrong one changes nothing; lock drops the keys', async () => {
    const dir = await fileVaultDir()
    const session = await serve(dir)
    const before = await readFile(vaultPath(dir))
    await expect(runUnlock(parseUnlockArgs(['--passphrase-stdin']), pipeIO(dir, 'wrong passphrase\n').io)).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
    expect(await readFile(vaultPath(dir))).toEqual(before)
    expect(session.state().unlocked).toBe(false)
    const unlocked = pipeIO(dir, `${PASS}\n`)
    expect(await runUnlock(parseUnlockArgs(['--passphrase-stdin']), unlocked.io)).toBe(0)
    expect(unlocked.out()).toContain('is unlocked in the daemon since')
    expect(await session.keychain.get(profileKeyAccount('acme'))).toBe(apiKey())
    const locked = pipeIO(dir)
    expect(await runLock({ json: false }, locked.io)).toBe(0)
    expect(locked.out()).toContain('is locked')
    await expect(session.keychain.get(profileKeyAccount('acme'))).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' })
  })

  it('doctor checks the file vault: missing, locked in the daemon, no daemon, unlocked', async () => {
    const dir = await fileVaultDir()
    const location = socketLocation(dir, {})
    expect(await checkFileVault(await mkdtemp(join(tmpdir(), 'kw-none-')), location)).toMatchObject({ status: 'fail', fix: expect.stringContaining('keyward vault init --backend file') })
    expect(await checkFileVault(dir, location)).toMatchObject({ status: 'fail', fix: expect.stringContaining('start the daemon') })
    const session = await serve(dir)
    expect(await checkFileVault(dir, location)).toMatchObject({ status: 'fail', message: expect.stringContaining('is locked'), fix: 'run: keyward unlock' })
    await session.unlock(PASS)
    expect(await checkFileVault(dir, location)).toMatchObject({ status: 'ok', message: expect.stringContaining('is unlocked in the daemon since') })
  })

  it('with no daemon, unlock says how to start one and reads no passphrase', async () => {
    const dir = await fileVaultDir()
    const { io } = pipeIO(dir, `${PASS}\n`)
    await expect(runUnlock(parseUnlockArgs(['--passphrase-stdin']), io)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/no Keyward daemon is running.*keyward daemon/) })
    expect((io.stdin as PassThrough).readableLength).toBeGreaterThan(0)
  })
})

describe('the socket vault ops', () => {
  it('are refused on a socket that does not serve them, and a malformed one never echoes its values', async () => {
    const resolve = async () => ({ profile: 'p', key: apiKey() })
    expect(await handleRequestLine(JSON.stringify({ v: 1, op: 'unlock', passphrase: PASS }), { resolve }, () => {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'unlock is not served on this socket' },
    })
    const withVault = { resolve, vault: createSocketVaultOps(null) }
    const bad = await handleRequestLine(JSON.stringify({ v: 1, op: 'vault-set', account: 'a', secret: apiKey(), extra: PASS }), withVault, () => {})
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'vault-set: malformed request' } })
    expect(JSON.stringify(bad)).not.toContain(PASS)
  })

  it('a host on the OS keychain reports it and refuses unlock with why', async () => {
    const ops = createSocketVaultOps(null)
    expect(await ops.handle({ v: 1, op: 'vault-status' }, null)).toMatchObject({ ok: true, vault: { backend: 'keychain' } })
    await expect(ops.handle({ v: 1, op: 'unlock', passphrase: PASS }, null)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('restart the daemon') })
  })

  it('refuses a peer the OS names as another user', async () => {
    const ops = createSocketVaultOps(createVaultSession({ path: '/nonexistent/vault.age' }))
    const other = { peer: { pid: 1, uid: (process.getuid?.() ?? 0) + 4242, exe: null, cwd: null, startTime: null }, subject: null }
    await expect(ops.handle({ v: 1, op: 'vault-get', account: 'acme' }, other)).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
  })
})

describe('passphrase sources', () => {
  it('reads a 0600 file without its trailing newline; refuses group/other-readable files and links', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kw-pass-'))
    const file = join(dir, 'pass')
    await writeFile(file, `${PASS}\n`, { mode: 0o600 })
    expect(await readPassphraseFile(file)).toBe(PASS)
    for (const mode of [0o640, 0o604, 0o644]) {
      await chmod(file, mode)
      await expect(readPassphraseFile(file)).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining(`chmod 600 ${file}`) })
    }
    await chmod(file, 0o600)
    await symlink(file, join(dir, 'link'))
    await expect(readPassphraseFile(join(dir, 'link'))).rejects.toMatchObject({ message: expect.stringContaining('symbolic link') })
  })

  it('takes the systemd credential when $CREDENTIALS_DIRECTORY is set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kw-cred-'))
    await writeFile(join(dir, PASSPHRASE_CREDENTIAL), PASS, { mode: 0o400 })
    expect(await readPassphrase({ kind: 'auto' }, pipeIO('/x', '', { CREDENTIALS_DIRECTORY: dir }).io, '')).toBe(PASS)
  })

  it('parses the flags strictly', () => {
    expect(() => parseUnlockArgs(['--passphrase-stdin', '--passphrase-file', 'x'])).toThrow(/not both/)
    expect(() => parseUnlockArgs(['--passphrase', 'hunter2'])).toThrow(/unknown option/)
    expect(() => parseVaultArgs(['init'])).toThrow(/--backend file/)
    expect(() => parseVaultArgs(['init', '--backend', 'keychain'])).toThrow(/needs no init/)
    expect(() => parseVaultArgs(['migrate', '--to', 'usb'])).toThrow(/--to file\|keychain/)
  })
})

describe('migration between backends', () => {
  it('copies every account a config owns into the file and back, reading each back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kw-mig-'))
    const config = createConfigStore(dir)
    await config.update((c) => ({ ...c, profiles: ['a', 'b'].map((name) => ({ name, kind: 'api' as const, hint: 'h', tags: [], createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null })) }))
    const seal = guardSecretAccount(config.path)
    const keychain = createMemoryKeychain({ a: apiKey('a'), 'a#previous': apiKey('old'), b: apiKey('b'), [seal]: 'seal-secret', unrelated: 'x' })
    const accounts = await accountsToMigrate(dir)
    expect(accounts).toEqual(['a', 'b', 'a#previous', 'b#previous', seal])
    const copied = await copyKeychainToFile(keychain, accounts, vaultPath(dir), PASS, new Map(), 10)
    expect(copied).toEqual(['a', 'b', 'a#previous', seal])
    const secrets = await openVaultFile(vaultPath(dir), PASS)
    expect(Object.fromEntries(secrets)).toEqual({ a: apiKey('a'), 'a#previous': apiKey('old'), b: apiKey('b'), [seal]: 'seal-secret' })
    const target = createMemoryKeychain()
    expect(await copyFileToKeychain(secrets, target)).toHaveLength(4)
    expect(Object.fromEntries(target.entries)).toEqual(Object.fromEntries(secrets))
  })

  it('aborts before writing when the keychain cannot be read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kw-mig-'))
    const keychain = createMemoryKeychain({ a: apiKey() })
    keychain.failing = true
    await expect(copyKeychainToFile(keychain, [profileKeyAccount('a')], vaultPath(dir), PASS)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' })
    await expect(readFile(vaultPath(dir))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
