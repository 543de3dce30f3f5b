import { type AuditLog, createAuditLog } from '../platform/audit/audit-log'
import { type BindingsService, createBindingsService } from '../keys/bindings/bindings-service'
import { type ConfigStore, createConfigStore } from '../platform/config/config-store'
import { type KeyService, createKeyService } from '../keys/key-service'
import type { Approver } from '../alerts/notify/approver'
import { checkDataDir } from '../platform/paths'
import { type ProfilesService, createProfilesService } from '../keys/profiles/profiles-service'
import { type Keychain, createKeytarKeychain } from './keychain'

/** Every vault service over one data directory, keychain and audit log. */
export interface Vault {
  readonly config: ConfigStore
  readonly keychain: Keychain
  readonly audit: AuditLog
  readonly profiles: ProfilesService
  readonly bindings: BindingsService
  readonly keys: KeyService
}

/** What a vault is built from; the keychain defaults to keytar (loaded on first use). */
export interface VaultOptions {
  readonly dataDir: string
  readonly keychain?: Keychain
  readonly audit?: AuditLog
  /** Resolves relative `--dir` arguments: the CLI's working directory. */
  readonly base?: string
  readonly now?: () => Date
  /** Asks before serving a profile that requires approval; without one such profiles are refused. */
  readonly approver?: Approver
}

/**
 * Wires the vault's services; used by the core's composition root and by the CLI commands. The data
 * directory is checked first (another user's, or swappable: CONFLICT; too open: tightened).
 */
export function createVault(options: VaultOptions): Vault {
  checkDataDir(options.dataDir)
  const now = options.now ?? (() => new Date())
  const keychain = options.keychain ?? createKeytarKeychain()
  const audit = options.audit ?? createAuditLog(options.dataDir, now)
  const config = createConfigStore(options.dataDir, now)
  return {
    config,
    keychain,
    audit,
    profiles: createProfilesService({ config, keychain, audit, now }),
    bindings: createBindingsService({ config, audit, now, ...(options.base !== undefined && { base: options.base }) }),
    keys: createKeyService({ dataDir: options.dataDir, keychain, audit, now, readConfig: () => config.read(), ...(options.approver !== undefined && { approver: options.approver }) }),
  }
}
