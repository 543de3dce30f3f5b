import { KeywardError } from '../../../shared/keyward-error'
import type { Config } from '../config/config.schema'
import { guardSecretAccount } from '../profiles/guard-seal'
import { previousAccount } from '../rotation/rotation.schema'
import { decryptVault, encryptVault, readVaultFile, writeVaultFile } from './file/vault-file'
import type { Keychain } from './keychain'

/*
 * Moving every key between the OS keychain and the file vault without losing one. Each direction
 * first writes the whole target and reads it back, and only then may the caller switch
 * `vault.backend` in config.json and clear the source: a crash before the switch leaves the source
 * complete and in use, one after it the target complete; running the command again finishes the job.
 */

/** Every keychain account a config can own: each profile's key, a rotation's previous key, the guard seal's secret. */
export function accountsOf(config: Config, configPath: string): string[] {
  return [...config.profiles.flatMap((p) => [p.name, previousAccount(p.name)]), guardSecretAccount(configPath)]
}

/**
 * Copies every account the keychain holds into the vault file at `path` (merged into `existing`,
 * the contents of a vault file already there), writes it atomically and checks it decrypts to
 * exactly that. Returns the accounts copied. A keychain that cannot be read aborts before any write.
 */
export async function copyKeychainToFile(source: Keychain, accounts: readonly string[], path: string, passphrase: string, existing: ReadonlyMap<string, string> = new Map(), logN?: number): Promise<string[]> {
  const secrets = new Map(existing)
  const copied: string[] = []
  for (const account of accounts) {
    const secret = await source.get(account)
    if (secret === null) continue
    secrets.set(account, secret)
    copied.push(account)
  }
  await writeVaultFile(path, await encryptVault(passphrase, secrets, logN))
  const bytes = await readVaultFile(path)
  const back = bytes === null ? new Map<string, string>() : await decryptVault(bytes, passphrase, path)
  if (back.size !== secrets.size || [...secrets].some(([account, secret]) => back.get(account) !== secret)) {
    throw new KeywardError('INTERNAL', `the file vault ${path} did not read back as written; nothing was switched and the OS keychain still holds every key`)
  }
  return copied
}

/** Stores every secret in the keychain and reads each back; any mismatch aborts before the caller switches. */
export async function copyFileToKeychain(secrets: ReadonlyMap<string, string>, target: Keychain): Promise<string[]> {
  for (const [account, secret] of secrets) await target.set(account, secret)
  for (const [account, secret] of secrets) {
    if ((await target.get(account)) !== secret) throw new KeywardError('INTERNAL', `the OS keychain did not read back the key of ${account}; nothing was switched and the file vault still holds every key`)
  }
  return [...secrets.keys()]
}
