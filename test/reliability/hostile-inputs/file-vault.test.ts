import { expect } from 'vitest'
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { createConfigStore } from '../../../electron/core/platform/config/config-store'
import { createMemoryKeychain } from '../../../electron/core/vault/memory-keychain'
import { createVaultSession } from '../../../electron/core/vault/file/vault-session'
import { encryptVault, vaultPath, writeVaultFile } from '../../../electron/core/vault/file/vault-file'
import { readPassphraseFile } from '../../../electron/cli/passphrase'
import { profileKeyAccount } from '../../../electron/core/vault/secret-accounts'
import { createSocketVaultOps } from '../../../electron/core/serving/socket/vault-ops'
import { runVaultMigrate } from '../../../electron/cli/commands/vault'
import { API, type Case, hostileInputs, outcome } from '../support/hostile-table'

/*
 * The file vault: a wrong passphrase, damaged or newer files, a loose passphrase file, no daemon to
 * hold the vault, secrets that are no kind of Keyward secret; the vault file untouched each time.
 */

hostileInputs('file-vault', 'the file vault', (w) => {
  /** A data dir whose keys are in a file vault holding `main` (work factor 10: fast). */
  const VAULT_PASS = 'hostile vault passphrase'
  const fileVaultHome = async (name: string): Promise<{ dir: string; path: string; env: NodeJS.ProcessEnv }> => {
    const dir = w.scratch(name)
    const path = vaultPath(dir)
    await writeVaultFile(path, await encryptVault(VAULT_PASS, new Map([['main', API]]), 10))
    await createConfigStore(dir).update((c) => ({ ...c, vault: { backend: 'file' } }))
    return { dir, path, env: { ...w.world.env, KEYWARD_HOME: dir, KEYWARD_VAULT_SCRYPT_LOG_N: '10' } }
  }
  /** The file-vault rows: each checks afterwards that the vault file (or its backup) holds what it held. */
  const fileVaultCases = (): Case[] => {
    const unchanged = (path: string, bytes: () => Buffer) => () => expect(readFileSync(path)).toEqual(bytes())
    let wrong: { path: string; bytes: Buffer } | undefined
    const tampered = (name: string, change: (good: Buffer) => Buffer | Promise<Buffer>) => {
      let saved: { path: string; bytes: Buffer } | undefined
      return {
        run: async () => {
          const { path } = await fileVaultHome(name)
          const bytes = Buffer.from(await change(readFileSync(path)))
          writeFileSync(path, bytes)
          saved = { path, bytes }
          return outcome(() => createVaultSession({ path }).unlock(VAULT_PASS))
        },
        after: () => unchanged(saved!.path, () => saved!.bytes)(),
      }
    }
    let initHome: { dir: string; path: string; env: NodeJS.ProcessEnv } | undefined
    let initBytes: Buffer | undefined
    return [
      {
        name: 'file vault: wrong passphrase',
        input: 'keyward unlock with the wrong passphrase',
        code: 'NOT_ALLOWED',
        fragment: 'wrong passphrase for the file vault',
        run: async () => {
          const { path } = await fileVaultHome('vault-wrong')
          wrong = { path, bytes: readFileSync(path) }
          return outcome(() => createVaultSession({ path }).unlock('not the passphrase'))
        },
        after: () => unchanged(wrong!.path, () => wrong!.bytes)(),
      },
      {
        name: 'file vault: not an age file',
        input: 'vault.age = "{}"',
        code: 'CONFIG_CORRUPT',
        fragment: 'it is not an age file. It was left in place',
        ...tampered('vault-garbage', () => Buffer.from('{}')),
      },
      {
        name: 'file vault: a newer age format',
        input: 'age-encryption.org/v2 header',
        code: 'CONFIG_CORRUPT',
        fragment: 'newer age format',
        ...tampered('vault-age-v2', (good) => Buffer.from(good.toString('latin1').replace('age-encryption.org/v1', 'age-encryption.org/v2'), 'latin1')),
      },
      {
        name: 'file vault: from a newer Keyward',
        input: 'plaintext {"format":"keyward-vault","version":2}',
        code: 'CONFIG_CORRUPT',
        fragment: 'written by a newer Keyward',
        ...tampered('vault-newer', async () => {
          const { Encrypter } = await import('age-encryption')
          const encrypter = new Encrypter()
          encrypter.setPassphrase(VAULT_PASS)
          encrypter.setScryptWorkFactor(10)
          return Buffer.from(await encrypter.encrypt(JSON.stringify({ format: 'keyward-vault', version: 2, secrets: {} })))
        }),
      },
      {
        name: 'file vault: truncated',
        input: 'vault.age cut 9 bytes short',
        code: 'CONFIG_CORRUPT',
        fragment: 'it may be truncated or damaged',
        ...tampered('vault-truncated', (good) => good.subarray(0, good.length - 9)),
      },
      {
        name: 'file vault: a crash mid-rewrite left a partial temp file',
        input: '.vault.age.<pid>.<rand>.tmp holding half a vault',
        code: 'OK',
        fragment: '',
        run: async () => {
          const { path } = await fileVaultHome('vault-crashed')
          const good = readFileSync(path)
          writeFileSync(join(path, '..', `.vault.age.99999.abcdef.tmp`), good.subarray(0, 40))
          return outcome(async () => {
            const session = createVaultSession({ path })
            await session.unlock(VAULT_PASS)
            if ((await session.keychain.get(profileKeyAccount('main'))) !== API) throw new Error('the previous version did not survive')
          })
        },
      },
      {
        name: 'passphrase file readable by group and others',
        input: 'keyward unlock --passphrase-file FILE (mode 0644)',
        code: 'NOT_ALLOWED',
        fragment: 'is readable by others (mode 644); it was not used; run: chmod 600',
        run: () => {
          const file = join(w.scratch('passphrase-loose'), 'passphrase')
          writeFileSync(file, VAULT_PASS, { mode: 0o644 })
          chmodSync(file, 0o644)
          return outcome(() => readPassphraseFile(file))
        },
      },
      {
        name: 'keyward unlock with no daemon running',
        input: 'keyward unlock --passphrase-stdin',
        code: 'exit 6',
        fragment: 'no Keyward daemon is running',
        run: async () => w.cli(['unlock', '--passphrase-stdin'], { env: (await fileVaultHome('vault-no-daemon')).env, input: VAULT_PASS }),
      },
      {
        name: 'keyward helper with the file vault and no daemon',
        input: 'keyward helper (file backend, nothing unlocked)',
        code: 'exit 4',
        fragment: 'the file vault is locked: no Keyward daemon is running to hold it',
        run: async () => {
          const home = await fileVaultHome('vault-helper-locked')
          await createConfigStore(home.dir).update((c) => ({
            ...c,
            profiles: [{ name: 'main', kind: 'api', hint: 'sk-ant-api03-QQ…QQAA', tags: [], createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null }],
            defaultProfile: 'main',
          }))
          return w.cli(['helper'], { env: home.env })
        },
      },
      {
        name: 'keyward vault init over an existing vault',
        input: 'keyward vault init --backend file',
        code: 'exit 1',
        fragment: 'a file vault already exists',
        run: async () => {
          initHome = await fileVaultHome('vault-init-again')
          initBytes = readFileSync(initHome.path)
          return w.cli(['vault', 'init', '--backend', 'file', '--passphrase-stdin'], { env: initHome.env, input: 'another passphrase' })
        },
        after: () => unchanged(initHome!.path, () => initBytes!)(),
      },
      {
        name: 'keyward vault init --force over an existing vault',
        input: 'keyward vault init --backend file --force',
        code: 'exit 0',
        fragment: '',
        run: () => w.cli(['vault', 'init', '--backend', 'file', '--force', '--passphrase-stdin'], { env: initHome!.env, input: 'another passphrase' }),
        after: () => {
          const backups = readdirSync(initHome!.dir).filter((f) => f.startsWith('vault.age.bak-'))
          expect(backups).toHaveLength(1)
          expect(readFileSync(join(initHome!.dir, backups[0]!))).toEqual(initBytes)
        },
      },
      {
        name: 'file vault: a socket client names an account that is no kind of Keyward secret',
        input: '{"op":"vault-set","account":"stray:x",…} to the unlocked daemon',
        code: 'INVALID_INPUT',
        fragment: 'is not the name of a secret Keyward keeps',
        ...(() => {
          let saved: { path: string; bytes: Buffer } | undefined
          return {
            run: async () => {
              const { path } = await fileVaultHome('vault-stray-account')
              saved = { path, bytes: readFileSync(path) }
              const session = createVaultSession({ path })
              await session.unlock(VAULT_PASS)
              return outcome(() => createSocketVaultOps(session).handle({ v: 1, op: 'vault-set', account: 'stray:x', secret: 'planted' }, null))
            },
            after: () => unchanged(saved!.path, () => saved!.bytes)(),
          }
        })(),
      },
      {
        name: 'file vault: an entry that is no kind of Keyward secret, migrated to the keychain',
        input: 'vault.age {"main": …, "stray:x": …}; keyward vault migrate --to keychain',
        code: 'INVALID_INPUT',
        fragment: '"stray:x" is not the name of a secret Keyward keeps',
        ...(() => {
          const target = createMemoryKeychain()
          let home: Awaited<ReturnType<typeof fileVaultHome>> | undefined
          return {
            run: async () => {
              home = await fileVaultHome('vault-stray-entry')
              await writeVaultFile(
                home.path,
                await encryptVault(
                  VAULT_PASS,
                  new Map([
                    ['main', API],
                    ['stray:x', 'planted'],
                  ]),
                  10,
                ),
              )
              const stdin = new PassThrough()
              stdin.end(VAULT_PASS)
              const io = { stdout: { write: () => {} }, stderr: { write: () => {} }, stdin, env: home.env, cwd: home.dir }
              const config = createConfigStore(home.dir)
              return outcome(() => runVaultMigrate({ action: 'migrate', to: 'keychain', passphraseStdin: true, json: true }, io, target, config))
            },
            after: () => {
              // Nothing moved, nothing switched: the file vault is still the backend, whole.
              expect(target.entries.size).toBe(0)
              expect(JSON.parse(readFileSync(join(home!.dir, 'config.json'), 'utf8')).vault).toEqual({ backend: 'file' })
              expect(existsSync(home!.path)).toBe(true)
            },
          }
        })(),
      },
    ]
  }
  return [
    // The file vault: every bad input refused with what to do, the vault file untouched.
    ...fileVaultCases(),
  ]
})
