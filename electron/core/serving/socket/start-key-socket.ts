import { join } from 'node:path'
import { CONFIG_FILE } from '../../platform/config/config-file'
import { configStoreReader } from '../../platform/config/config-store'
import { createKeyService } from '../../keys/key-service'
import type { Approver } from '../../alerts/notify/approver'
import type { Notifier } from '../../alerts/notify/notifier'
import type { PeerLookup } from '../peer/peer-identity'
import type { Keychain } from '../../vault/keychain'
import type { Vault } from '../../vault/vault'
import type { VaultSession } from '../../vault/file/vault-session'
import { createSocketVaultOps } from './vault-ops'
import type { SocketKeySource } from './socket-handler'
import { createCachedKeychain } from './cached-keychain'
import type { SocketLimits } from './socket-connection'
import { type KeySocketServer, startKeySocketServer } from './socket-server'

/** The parts of the core the key socket serves from. */
export interface KeySocketCore {
  readonly dataDir: string
  readonly vault: Pick<Vault, 'keychain' | 'audit'>
  /** Asked before serving a profile that requires approval (the app's prompt; the daemon's denies). */
  readonly approver?: Approver
  /** Told when guard settings were changed outside Keyward. */
  readonly notifier?: Notifier
  /** The file vault this host holds (unlock, lock and changes go over the socket), or null on the OS keychain. */
  readonly fileVault?: VaultSession | null
}

/** The key service a socket serves from: the core's audit log, config, approver and notifier over `keychain`. */
export function createSocketKeyService(core: KeySocketCore, keychain: Keychain, log?: (line: string) => void) {
  return createKeyService({
    dataDir: core.dataDir,
    keychain,
    audit: core.vault.audit,
    readConfig: configStoreReader(core.dataDir),
    ...(core.approver !== undefined && { approver: core.approver }),
    ...(core.notifier !== undefined && { notifier: core.notifier }),
    ...(log !== undefined && { log }),
  })
}

/**
 * The keychain a socket (key or forwarding) serves from: a cached view of the OS keychain, or the
 * file vault itself, which is in memory already and where a cache would outlive `keyward lock`.
 */
export function servingKeychain(core: Pick<KeySocketCore, 'dataDir' | 'vault' | 'fileVault'>): Keychain {
  return core.fileVault ? core.vault.keychain : createCachedKeychain(core.vault.keychain, join(core.dataDir, CONFIG_FILE))
}

/**
 * Starts the key socket over a built core: what `keyward daemon` and the Electron host call.
 * It builds its own key service over a cached view of the core's keychain (see
 * createCachedKeychain), so bindings, gates and the audit log are the vault's own.
 * Rejects with CONFLICT when another app or daemon already serves this data directory.
 */
export function startKeySocket(
  core: KeySocketCore,
  options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void; limits?: Partial<SocketLimits>; peers?: PeerLookup | null } = {},
): Promise<KeySocketServer> {
  const service = createSocketKeyService(core, servingKeychain(core), options.log)
  const keys: SocketKeySource = {
    resolve: (...args) => service.resolve(...args),
    resolveProfile: (...args) => service.resolveProfile(...args),
    vault: createSocketVaultOps(core.fileVault ?? null),
  }
  return startKeySocketServer({
    dataDir: core.dataDir,
    keys,
    ...(options.env !== undefined && { env: options.env }),
    ...(options.log !== undefined && { log: options.log }),
    ...(options.limits !== undefined && { limits: options.limits }),
    ...(options.peers !== undefined && { peers: options.peers }),
  })
}
