import { KeywardError } from '../../shared/errors'
import { configuredBackend } from '../core/vault/backend'
import { createFileKeychain } from '../core/vault/file/file-keychain'
import { openVaultFile, vaultPath } from '../core/vault/file/vault-file'
import { type Keychain, createKeytarKeychain } from '../core/vault/keychain'
import { askDaemon, daemonKeychain, vaultStatusOf } from './daemon-vault'
import type { CliIO } from './io'
import { promptPassphrase } from './passphrase'
import { SOCKET_PROTOCOL_VERSION } from '../core/serving/socket/wire'

/**
 * The keychain a CLI command uses, by the backend recorded in config.json: the OS keychain, or the
 * file vault. With the file vault, a running daemon holds it (every change goes through the daemon,
 * which re-encrypts the file); with none, the passphrase is asked on the terminal and this process
 * rewrites the file itself; with no terminal either, the error says to unlock the daemon.
 * Nothing is decided until the first key is read or written.
 */
export function cliKeychain(io: CliIO, dataDir: string): Keychain {
  if (configuredBackend(dataDir) !== 'file') return createKeytarKeychain()
  const start = async (): Promise<Keychain> => {
    const reply = await askDaemon(io, { v: SOCKET_PROTOCOL_VERSION, op: 'vault-status' })
    if (reply !== null) {
      if (vaultStatusOf(reply).backend !== 'file') {
        throw new KeywardError('UNAVAILABLE', 'the running Keyward daemon still uses the OS keychain (it started before the switch to the file vault); restart it, then run: keyward unlock')
      }
      return daemonKeychain(io)
    }
    const path = vaultPath(dataDir)
    const passphrase = await promptPassphrase(
      io,
      `Passphrase for the file vault ${path} (input hidden): `,
      () =>
        new KeywardError(
          'KEYCHAIN_UNAVAILABLE',
          'the file vault is locked: no Keyward daemon holds it and there is no terminal to ask for its passphrase; start the daemon (keyward daemon) and run: keyward unlock',
        ),
    )
    return createFileKeychain({ path, passphrase, secrets: await openVaultFile(path, passphrase), checkUnchanged: true })
  }
  // Opened once per command (one prompt), and tried again after a failure.
  let opened: Promise<Keychain> | undefined
  const open = () => {
    opened ??= start().catch((error: unknown) => {
      opened = undefined
      throw error
    })
    return opened
  }
  return {
    get: async (account) => (await open()).get(account),
    set: async (account, secret) => (await open()).set(account, secret),
    delete: async (account) => (await open()).delete(account),
  }
}
