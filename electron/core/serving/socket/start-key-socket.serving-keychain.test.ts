import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryKeychain } from '../../vault/memory-keychain'
import { profileKeyAccount } from '../../vault/secret-accounts'
import type { VaultSession } from '../../vault/file/vault-session'
import { servingKeychain } from './start-key-socket'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

/** A keychain that can be "locked": every read fails afterwards, as the file vault's does. */
function lockableKeychain() {
  const inner = createMemoryKeychain()
  let locked = false
  return {
    keychain: {
      get: async (account: Parameters<typeof inner.get>[0]) => {
        if (locked) throw new Error('the file vault is locked; run: keyward unlock')
        return inner.get(account)
      },
      set: (account: Parameters<typeof inner.set>[0], secret: string) => inner.set(account, secret),
      delete: (account: Parameters<typeof inner.delete>[0]) => inner.delete(account),
    },
    lock: () => {
      locked = true
    },
  }
}

describe('the keychain both sockets serve from', () => {
  it('is the file vault itself, so a key read before keyward lock is not served after it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keyward-serving-kc-'))
    dirs.push(dataDir)
    const vault = lockableKeychain()
    await vault.keychain.set(profileKeyAccount('acme'), 'sk-ant-api03-serving-keychain-test-AA')
    const serving = servingKeychain({ dataDir, vault: { keychain: vault.keychain } as never, fileVault: {} as VaultSession })
    expect(serving).toBe(vault.keychain)
    expect(await serving.get(profileKeyAccount('acme'))).toBe('sk-ant-api03-serving-keychain-test-AA')
    vault.lock()
    await expect(serving.get(profileKeyAccount('acme'))).rejects.toThrow(/locked/)
  })

  it('is a cached view over the OS keychain, which has no lock to outlive', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keyward-serving-kc-'))
    dirs.push(dataDir)
    const os = createMemoryKeychain()
    const serving = servingKeychain({ dataDir, vault: { keychain: os } as never, fileVault: null })
    expect(serving).not.toBe(os)
  })
})
