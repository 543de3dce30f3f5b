import { stat } from 'node:fs/promises'
import { KeywardError } from '../../../../shared/keyward-error'
import type { Keychain } from '../keychain'
import { encryptVault, scryptLogN, writeVaultFile } from './vault-file'

/** A keychain over an unlocked file vault; `accounts` lists what it holds (for `keyward vault migrate`). */
export interface FileKeychain extends Keychain {
  accounts(): string[]
}

/** What an unlocked file keychain is built from. */
export interface FileKeychainOptions {
  readonly path: string
  readonly passphrase: string
  /** The decrypted contents; the keychain owns them from here on. */
  readonly secrets: Map<string, string>
  readonly logN?: number
  /**
   * Refuse a rewrite when the file changed since it was read (the CLI without a daemon, where
   * another process could have written meanwhile); the daemon is the only writer and skips it.
   */
  readonly checkUnchanged?: boolean
}

/**
 * The file vault's keychain: reads come from memory; every change encrypts the whole vault again
 * and replaces the file atomically before it takes effect in memory, one change at a time, so a
 * crash at any point leaves the previous file or the new one, never a part or a mix.
 */
export async function createFileKeychain(options: FileKeychainOptions): Promise<FileKeychain> {
  const secrets = new Map(options.secrets)
  const logN = options.logN ?? scryptLogN()
  let version = options.checkUnchanged ? await fileVersion(options.path) : null
  let queue: Promise<unknown> = Promise.resolve()

  const rewrite = (change: (next: Map<string, string>) => void): Promise<void> => {
    const run = queue.then(async () => {
      const next = new Map(secrets)
      change(next)
      if (version !== null && (await fileVersion(options.path)) !== version) {
        throw new KeywardError('CONFLICT', `the file vault ${options.path} was changed by another process while this command ran; nothing was written; run the command again`)
      }
      await writeVaultFile(options.path, await encryptVault(options.passphrase, next, logN))
      if (version !== null) version = await fileVersion(options.path)
      secrets.clear()
      for (const [account, secret] of next) secrets.set(account, secret)
    })
    queue = run.catch(() => {})
    return run
  }

  return {
    get: async (account) => secrets.get(account) ?? null,
    set: (account, secret) => rewrite((next) => void next.set(account, secret)),
    async delete(account) {
      if (!secrets.has(account)) return false
      await rewrite((next) => void next.delete(account))
      return true
    },
    accounts: () => [...secrets.keys()],
  }
}

async function fileVersion(path: string): Promise<string> {
  try {
    const s = await stat(path, { bigint: true })
    return `${s.ino}:${s.size}:${s.mtimeNs}`
  } catch {
    return 'none'
  }
}
