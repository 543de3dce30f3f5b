import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createChannelStore } from '../../core/alerts/channels/channel-store'
import { createConfigStore } from '../../core/platform/config/config-store'
import { configuredBackend } from '../../core/vault/backend'
import { openVaultFile, vaultPath } from '../../core/vault/file/vault-file'
import { createMemoryKeychain } from '../../core/vault/memory-keychain'
import { secretOwnersOf } from '../../core/vault/migrate'
import { SECRET_KINDS, type SecretAccount, probeAccount } from '../../core/vault/secret-accounts'
import type { CliIO } from '../io'
import { runVaultMigrate } from './vault'

const PASS = 'correct horse battery staple'

function pipeIO(dataDir: string, input: string): CliIO {
  const stdin = new PassThrough()
  stdin.end(input)
  return { stdout: { write: () => {} }, stderr: { write: () => {} }, stdin, env: { KEYWARD_HOME: dataDir }, cwd: '/' }
}

/** A value per account that names it, so a secret that arrives under the wrong account is caught. */
const valueOf = (account: SecretAccount): string => `secret-of-${account}-${'x'.repeat(24)}`

describe('keyward vault migrate moves every kind of secret, both ways', () => {
  let dir: string
  beforeEach(async () => {
    vi.stubEnv('KEYWARD_VAULT_SCRYPT_LOG_N', '10')
    dir = await mkdtemp(join(tmpdir(), 'kw-migrate-kinds-'))
    const config = createConfigStore(dir)
    await config.update((c) => ({ ...c, profiles: [{ name: 'acme', kind: 'admin' as const, hint: 'h', tags: [], createdAt: '2026-01-01T00:00:00.000Z', rotatedAt: null }] }))
    await createChannelStore(dir).update((c) => ({ ...c, channels: [{ kind: 'webhook', name: 'ops', format: 'slack', display: 'https://hooks.slack.com', createdAt: '2026-01-01T00:00:00.000Z' }] }))
  })
  afterEach(async () => {
    vi.unstubAllEnvs()
    await rm(dir, { recursive: true, force: true })
  })

  it('each kind in secret-accounts.ts, with a value present, reaches the file vault and comes back to the keychain', async () => {
    const owners = await secretOwnersOf(dir)
    expect(owners).toEqual({ profiles: ['acme'], channels: ['ops'], configPath: createConfigStore(dir).path })
    const byKind = Object.entries(SECRET_KINDS).map(([name, kind]) => ({ name, accounts: kind.accountsOf(owners) }))
    const keychain = createMemoryKeychain()
    for (const { name, accounts } of byKind) {
      // A kind this data dir has no account of would be a kind this test does not migrate.
      expect(accounts.length, name).toBeGreaterThan(0)
      for (const account of accounts) await keychain.set(account, valueOf(account))
    }
    await keychain.set(probeAccount('doctor'), 'not a secret of this data dir')

    // To the file: every account arrives in vault.age, and is deleted from the keychain after the switch.
    expect(await runVaultMigrate({ action: 'migrate', to: 'file', passphraseStdin: true, json: true }, pipeIO(dir, PASS), keychain, createConfigStore(dir))).toBe(0)
    expect(configuredBackend(dir)).toBe('file')
    const inFile = await openVaultFile(vaultPath(dir), PASS)
    for (const { name, accounts } of byKind) {
      for (const account of accounts) {
        expect(inFile.get(account), `${name}: ${account} in vault.age`).toBe(valueOf(account))
        expect(keychain.entries.has(account), `${name}: ${account} left in the keychain`).toBe(false)
      }
    }
    expect(inFile.has('keyward-doctor-probe')).toBe(false)
    expect(keychain.entries.get('keyward-doctor-probe')).toBe('not a secret of this data dir')

    // Back to the keychain: every account arrives there; the vault file is kept, renamed, still whole.
    expect(await runVaultMigrate({ action: 'migrate', to: 'keychain', passphraseStdin: true, json: true }, pipeIO(dir, PASS), keychain, createConfigStore(dir))).toBe(0)
    expect(configuredBackend(dir)).toBe('keychain')
    expect(existsSync(vaultPath(dir))).toBe(false)
    const kept = readdirSync(dir).filter((f) => f.startsWith('vault.age.migrated-'))
    expect(kept).toHaveLength(1)
    const keptSecrets = await openVaultFile(join(dir, kept[0]!), PASS)
    for (const { name, accounts } of byKind) {
      for (const account of accounts) {
        expect(keychain.entries.get(account), `${name}: ${account} back in the keychain`).toBe(valueOf(account))
        expect(keptSecrets.get(account), `${name}: ${account} in the kept vault file`).toBe(valueOf(account))
      }
    }
  })

  it('refuses to move a vault.age entry that is no kind of Keyward secret, before writing any', async () => {
    const keychain = createMemoryKeychain()
    await keychain.set(SECRET_KINDS.profileKey.account('acme'), valueOf(SECRET_KINDS.profileKey.account('acme')))
    expect(await runVaultMigrate({ action: 'migrate', to: 'file', passphraseStdin: true, json: true }, pipeIO(dir, PASS), keychain, createConfigStore(dir))).toBe(0)
    const { encryptVault, writeVaultFile } = await import('../../core/vault/file/vault-file')
    await writeVaultFile(
      vaultPath(dir),
      await encryptVault(
        PASS,
        new Map([
          ['acme', 'k'],
          ['stray:entry', 'x'],
        ]),
      ),
    )
    await expect(runVaultMigrate({ action: 'migrate', to: 'keychain', passphraseStdin: true, json: true }, pipeIO(dir, PASS), keychain, createConfigStore(dir))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('stray:entry'),
    })
    expect(keychain.entries.size).toBe(0)
    expect(configuredBackend(dir)).toBe('file')
  })
})
