import { statBigIntAsync } from '../../platform/fs/fs-async'
import { singleFlight } from '../../platform/single-flight'
import type { Keychain } from '../../vault/keychain'

/**
 * A keychain wrapper for the long-running socket server: a secret read once is served from memory
 * until the config file changes (every add, remove, rename and rotation writes it, from any
 * process) or `ttlMs` passes, and concurrent reads of one account share one keychain call. Without
 * it every helper call costs a D-Bus round trip to the Secret Service, which caps the socket at a
 * few hundred requests per second. Writes go through and drop the cached entry.
 */
export function createCachedKeychain(inner: Keychain, configPath: string, ttlMs = 60_000, now: () => number = Date.now): Keychain {
  const cache = new Map<string, { secret: Promise<string | null>; at: number; version: string }>()
  const statConfig = singleFlight(statBigIntAsync)
  const configVersion = async () => {
    try {
      const s = await statConfig(configPath)
      return `${s.mtimeNs}:${s.size}:${s.ino}`
    } catch {
      return 'none'
    }
  }
  return {
    async get(account) {
      const version = await configVersion()
      const hit = cache.get(account)
      if (hit && hit.version === version && now() - hit.at < ttlMs) return hit.secret
      const secret = inner.get(account)
      cache.set(account, { secret, at: now(), version })
      // A failed read (locked keychain) must be retried next time, not remembered.
      secret.catch(() => cache.delete(account))
      return secret
    },
    async set(account, secret) {
      cache.delete(account)
      await inner.set(account, secret)
      cache.delete(account)
    },
    async delete(account) {
      cache.delete(account)
      const removed = await inner.delete(account)
      cache.delete(account)
      return removed
    },
  }
}
