import { KeywardError } from '../../../../shared/keyward-error'
import type { Keychain } from '../keychain'
import { type FileKeychain, createFileKeychain } from './file-keychain'
import { openVaultFile } from './vault-file'

/** Whether the daemon holds the file vault unlocked, since when, and when it locks itself. */
export interface VaultState {
  readonly backend: 'file'
  readonly path: string
  readonly unlocked: boolean
  readonly unlockedAt: string | null
  readonly lastUsedAt: string | null
  /** When the idle timer locks it (null: locked, or auto-lock off). */
  readonly autoLockAt: string | null
  readonly autoLockMinutes: number
}

/**
 * The daemon's hold on the file vault: locked until `unlock(passphrase)` decrypts it into memory;
 * `lock()` drops the keys; it locks itself after `autoLockMinutes` without use (0: never) and when
 * the daemon stops. `keychain` is what the daemon's services use: while locked every call fails with
 * KEYCHAIN_UNAVAILABLE saying to run `keyward unlock`.
 */
export interface VaultSession {
  readonly keychain: Keychain
  unlock(passphrase: string): Promise<VaultState>
  lock(): VaultState
  state(): VaultState
  /** The unlocked keychain (for listing accounts), or null while locked. */
  unlocked(): FileKeychain | null
}

/** Default idle time before the daemon locks the vault again: 12 hours. */
export const DEFAULT_AUTO_LOCK_MINUTES = 12 * 60

/** The longest idle lock: 24 days, within what one Node timer can wait (2^31-1 ms). */
export const MAX_AUTO_LOCK_MINUTES = 24 * 24 * 60

/** Builds a locked session over the vault file at `path`. */
export function createVaultSession(options: { path: string; autoLockMinutes?: number; now?: () => Date; logN?: number; log?: (line: string) => void }): VaultSession {
  const now = options.now ?? (() => new Date())
  const autoLockMinutes = options.autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES
  let open: FileKeychain | null = null
  let unlockedAt: Date | null = null
  let lastUsedAt: Date | null = null
  let timer: NodeJS.Timeout | null = null

  const touch = () => {
    lastUsedAt = now()
    if (timer) clearTimeout(timer)
    if (autoLockMinutes > 0) {
      timer = setTimeout(() => {
        options.log?.(`the file vault was locked after ${autoLockMinutes} minutes without use`)
        session.lock()
      }, autoLockMinutes * 60_000)
      timer.unref()
    }
  }
  const current = (): FileKeychain => {
    if (!open) throw new KeywardError('KEYCHAIN_UNAVAILABLE', `the file vault is locked; run: keyward unlock`)
    touch()
    return open
  }
  const state = (): VaultState => ({
    backend: 'file',
    path: options.path,
    unlocked: open !== null,
    unlockedAt: unlockedAt?.toISOString() ?? null,
    lastUsedAt: open ? (lastUsedAt?.toISOString() ?? null) : null,
    autoLockAt: open && autoLockMinutes > 0 && lastUsedAt ? new Date(lastUsedAt.getTime() + autoLockMinutes * 60_000).toISOString() : null,
    autoLockMinutes,
  })

  const session: VaultSession = {
    keychain: {
      get: async (account) => current().get(account),
      set: async (account, secret) => current().set(account, secret),
      delete: async (account) => current().delete(account),
    },
    async unlock(passphrase) {
      const secrets = await openVaultFile(options.path, passphrase)
      open = await createFileKeychain({ path: options.path, passphrase, secrets, ...(options.logN !== undefined && { logN: options.logN }) })
      unlockedAt = now()
      touch()
      return state()
    },
    lock() {
      open = null
      unlockedAt = null
      lastUsedAt = null
      if (timer) clearTimeout(timer)
      timer = null
      return state()
    },
    state,
    unlocked: () => open,
  }
  return session
}
