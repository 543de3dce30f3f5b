import type { Keychain } from './keychain'
import { keychainUnavailable } from './keychain'

/** An in-memory keychain for unit tests; `entries` is exposed so tests can look inside. */
export interface MemoryKeychain extends Keychain {
  readonly entries: Map<string, string>
  /** While true, every call fails as an unreachable OS keychain does. */
  failing: boolean
}

/** Creates an empty in-memory keychain (or one holding `initial`). */
export function createMemoryKeychain(initial: Record<string, string> = {}): MemoryKeychain {
  const entries = new Map(Object.entries(initial))
  const keychain: MemoryKeychain = {
    entries,
    failing: false,
    async get(account) {
      check('read a key')
      return entries.get(account) ?? null
    },
    async set(account, secret) {
      check('store a key')
      entries.set(account, secret)
    },
    async delete(account) {
      check('delete a key')
      return entries.delete(account)
    },
  }
  function check(action: string): void {
    if (keychain.failing) throw keychainUnavailable(action, new Error('Cannot autolaunch D-Bus without X11 $DISPLAY (simulated)'), 'linux')
  }
  return keychain
}
