import { KeywardError } from '../../../shared/keyward-error'
import { createChannelStore } from '../alerts/channels/channel-store'
import { createConfigStore } from '../platform/config/config-store'
import { decryptVault, encryptVault, readVaultFile, writeVaultFile } from './file/vault-file'
import type { Keychain } from './keychain'
import { type SecretAccount, type SecretOwners, knownAccount, secretAccountsOf } from './secret-accounts'

/*
 * Moving every secret (every kind in secret-accounts.ts) between the OS keychain and the file vault
 * without losing one. Each direction first writes the whole target and reads it back, and only then
 * may the caller switch `vault.backend` in config.json and clear the source: a crash before the
 * switch leaves the source complete and in use, one after it the target complete; running the
 * command again finishes the job.
 */

/** Who owns secrets in `dataDir`: its profiles, its alert channels, and its config file (the guard secret). */
export async function secretOwnersOf(dataDir: string): Promise<SecretOwners> {
  const config = createConfigStore(dataDir)
  const [current, channels] = await Promise.all([config.read(), createChannelStore(dataDir).read()])
  return { profiles: current.profiles.map((p) => p.name), channels: channels.channels.map((c) => c.name), configPath: config.path }
}

/** Every account, of every kind in secret-accounts.ts, that the secrets of `dataDir` can be kept under. */
export async function accountsToMigrate(dataDir: string): Promise<SecretAccount[]> {
  return secretAccountsOf(await secretOwnersOf(dataDir))
}

/**
 * Copies every account the keychain holds into the vault file at `path` (merged into `existing`,
 * the contents of a vault file already there), writes it atomically and checks it decrypts to
 * exactly that. Returns the accounts copied. A keychain that cannot be read aborts before any write.
 */
export async function copyKeychainToFile(
  source: Keychain,
  accounts: readonly SecretAccount[],
  path: string,
  passphrase: string,
  existing: ReadonlyMap<string, string> = new Map(),
  logN?: number,
): Promise<SecretAccount[]> {
  const secrets = new Map(existing)
  const copied: SecretAccount[] = []
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

/**
 * Stores every secret in the keychain and reads each back; any mismatch aborts before the caller
 * switches. An entry under a name that is no kind of Keyward's secret aborts before any write.
 */
export async function copyFileToKeychain(secrets: ReadonlyMap<string, string>, target: Keychain): Promise<SecretAccount[]> {
  const entries = [...secrets].map(([account, secret]) => [knownAccount(account), secret] as const)
  for (const [account, secret] of entries) await target.set(account, secret)
  for (const [account, secret] of entries) {
    if ((await target.get(account)) !== secret)
      throw new KeywardError('INTERNAL', `the OS keychain did not read back the key of ${account}; nothing was switched and the file vault still holds every key`)
  }
  return entries.map(([account]) => account)
}
