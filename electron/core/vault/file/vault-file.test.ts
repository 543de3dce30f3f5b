import { Decrypter } from 'age-encryption'
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiKey } from '../temp-vault.test-support'
import { createFileKeychain } from './file-keychain'
import { createVaultSession } from './vault-session'
import { decryptVault, encryptVault, openVaultFile, readVaultFile, scryptLogN, writeVaultFile } from './vault-file'
import { profileKeyAccount } from '../secret-accounts'

const LOG_N = 10
const PASS = 'correct horse battery'

async function tempVaultFile(secrets: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'keyward-file-vault-'))
  const path = join(dir, 'vault.age')
  await writeVaultFile(path, await encryptVault(PASS, new Map(Object.entries(secrets)), LOG_N))
  return path
}

describe('the vault file (age v1, scrypt)', () => {
  it('decrypts with age-encryption itself to the documented JSON, and round-trips', async () => {
    const path = await tempVaultFile({ acme: apiKey('acme') })
    const bytes = await readFile(path)
    expect(bytes.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n')
    expect(bytes.toString('latin1')).toContain('-> scrypt ')
    const decrypter = new Decrypter()
    decrypter.addPassphrase(PASS)
    expect(JSON.parse(await decrypter.decrypt(bytes, 'text'))).toEqual({ format: 'keyward-vault', version: 1, secrets: { acme: apiKey('acme') } })
    expect(await openVaultFile(path, PASS)).toEqual(new Map([['acme', apiKey('acme')]]))
    expect(bytes.toString('latin1')).not.toContain('xxxxxxxx')
  })

  it('refuses a wrong passphrase with NOT_ALLOWED and touches nothing', async () => {
    const path = await tempVaultFile({ acme: apiKey() })
    const before = await readFile(path)
    await expect(openVaultFile(path, 'not it at all')).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('wrong passphrase') })
    expect(await readFile(path)).toEqual(before)
  })

  it('refuses garbage, a newer age format, a newer Keyward format and a truncated file, naming the file', async () => {
    const path = await tempVaultFile({ acme: apiKey() })
    const good = await readFile(path)
    const cases: [string, Uint8Array][] = [
      ['not an age file', Buffer.from('{"secrets":{}}')],
      ['newer age format', Buffer.from(good.toString('latin1').replace('age-encryption.org/v1', 'age-encryption.org/v2'), 'latin1')],
      ['age could not read it', good.subarray(0, good.length - 7)],
      [
        'newer Keyward',
        await (async () => {
          const { Encrypter } = await import('age-encryption')
          const e = new Encrypter()
          e.setPassphrase(PASS)
          e.setScryptWorkFactor(LOG_N)
          return e.encrypt(JSON.stringify({ format: 'keyward-vault', version: 2, secrets: {} }))
        })(),
      ],
    ]
    for (const [why, bytes] of cases) {
      const error = await decryptVault(bytes, PASS, path).catch((e: unknown) => e)
      expect(error, why).toMatchObject({ code: 'CONFIG_CORRUPT', message: expect.stringContaining(path) })
      expect((error as Error).message, why).toContain('left in place')
    }
  })

  it('is read without following a link', async () => {
    const path = await tempVaultFile()
    const link = join(path, '..', 'link.age')
    await symlink(path, link)
    await expect(readVaultFile(link)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('symbolic link') })
  })

  it('takes the test-only work factor from the environment, within 10-22', () => {
    expect(scryptLogN({})).toBe(18)
    expect(scryptLogN({ KEYWARD_VAULT_SCRYPT_LOG_N: '12' })).toBe(12)
    for (const bad of ['9', '23', 'x', '1.5']) expect(() => scryptLogN({ KEYWARD_VAULT_SCRYPT_LOG_N: bad })).toThrow(/10 to 22/)
  })
})

describe('the file keychain', () => {
  it('re-encrypts and replaces the file on every change, leaving no temp file and the mode 0600', async () => {
    const path = await tempVaultFile()
    const keychain = await createFileKeychain({ path, passphrase: PASS, secrets: new Map(), logN: LOG_N })
    await keychain.set(profileKeyAccount('a'), apiKey('a'))
    await keychain.set(profileKeyAccount('b'), apiKey('b'))
    expect(await openVaultFile(path, PASS)).toEqual(
      new Map([
        ['a', apiKey('a')],
        ['b', apiKey('b')],
      ]),
    )
    expect(await keychain.delete(profileKeyAccount('a'))).toBe(true)
    expect(await keychain.delete(profileKeyAccount('a'))).toBe(false)
    expect(await keychain.get(profileKeyAccount('b'))).toBe(apiKey('b'))
    expect([...(await openVaultFile(path, PASS)).keys()]).toEqual(['b'])
    expect(await readdir(join(path, '..'))).toEqual(['vault.age'])
    expect(((await import('node:fs')).statSync(path).mode & 0o777).toString(8)).toBe('600')
  })

  it('serialises concurrent changes: none is lost', async () => {
    const path = await tempVaultFile()
    const keychain = await createFileKeychain({ path, passphrase: PASS, secrets: new Map(), logN: LOG_N })
    await Promise.all(Array.from({ length: 12 }, (_, i) => keychain.set(profileKeyAccount(`k${i}`), apiKey(`k${i}`))))
    expect((await openVaultFile(path, PASS)).size).toBe(12)
  })

  it('keeps memory as it was when a write fails', async () => {
    const path = await tempVaultFile({ a: apiKey('a') })
    const keychain = await createFileKeychain({ path, passphrase: PASS, secrets: new Map([['a', apiKey('a')]]), logN: LOG_N })
    // A non-empty directory where the file was: the rename over it fails (as root too).
    await rm(path)
    await mkdir(join(path, 'x'), { recursive: true })
    await expect(keychain.set(profileKeyAccount('b'), apiKey('b'))).rejects.toThrow()
    expect(await keychain.get(profileKeyAccount('b'))).toBeNull()
    expect(await keychain.get(profileKeyAccount('a'))).toBe(apiKey('a'))
    expect((await readdir(join(path, '..'))).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('with checkUnchanged, refuses to overwrite a file another process replaced meanwhile', async () => {
    const path = await tempVaultFile({ a: apiKey('a') })
    const keychain = await createFileKeychain({ path, passphrase: PASS, secrets: await openVaultFile(path, PASS), logN: LOG_N, checkUnchanged: true })
    await writeVaultFile(path, await encryptVault(PASS, new Map([['other', apiKey('o')]]), LOG_N))
    await expect(keychain.set(profileKeyAccount('b'), apiKey('b'))).rejects.toMatchObject({ code: 'CONFLICT' })
    expect([...(await openVaultFile(path, PASS)).keys()]).toEqual(['other'])
  })
})

describe("the vault session (the daemon's hold on the vault)", () => {
  afterEach(() => vi.useRealTimers())

  it('is locked until unlocked, then serves from memory; lock drops the keys', async () => {
    const path = await tempVaultFile({ acme: apiKey() })
    const session = createVaultSession({ path, logN: LOG_N, now: () => new Date('2026-01-02T03:04:05Z') })
    await expect(session.keychain.get(profileKeyAccount('acme'))).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringContaining('keyward unlock') })
    await expect(session.unlock('wrong passphrase')).rejects.toMatchObject({ code: 'NOT_ALLOWED' })
    expect(session.state().unlocked).toBe(false)
    const state = await session.unlock(PASS)
    expect(state).toMatchObject({ unlocked: true, unlockedAt: '2026-01-02T03:04:05.000Z', autoLockAt: '2026-01-02T15:04:05.000Z', autoLockMinutes: 720 })
    expect(await session.keychain.get(profileKeyAccount('acme'))).toBe(apiKey())
    expect(session.lock()).toMatchObject({ unlocked: false, unlockedAt: null })
    await expect(session.keychain.get(profileKeyAccount('acme'))).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' })
  })

  it('locks itself after the idle time, counted from the last use', async () => {
    const path = await tempVaultFile({ acme: apiKey() })
    const session = createVaultSession({ path, logN: LOG_N, autoLockMinutes: 10 })
    await session.unlock(PASS)
    vi.useFakeTimers()
    await session.keychain.get(profileKeyAccount('acme'))
    vi.advanceTimersByTime(9 * 60_000)
    await session.keychain.get(profileKeyAccount('acme'))
    vi.advanceTimersByTime(9 * 60_000)
    expect(session.state().unlocked).toBe(true)
    vi.advanceTimersByTime(2 * 60_000)
    expect(session.state().unlocked).toBe(false)
  })

  it('a missing vault file says how to get one back', async () => {
    const session = createVaultSession({ path: join(await mkdtemp(join(tmpdir(), 'kw-')), 'vault.age') })
    await expect(session.unlock(PASS)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringContaining('keyward vault init --backend file') })
  })

  it('a file that is not an age file is refused and left in place', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kw-'))
    await writeFile(join(dir, 'vault.age'), 'hello', { mode: 0o600 })
    const session = createVaultSession({ path: join(dir, 'vault.age') })
    await expect(session.unlock(PASS)).rejects.toMatchObject({ code: 'CONFIG_CORRUPT' })
    expect(await readFile(join(dir, 'vault.age'), 'utf8')).toBe('hello')
  })
})
