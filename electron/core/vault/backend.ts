import { join } from 'node:path'
import { CONFIG_FILE } from '../platform/config/config-file'
import { readStateFileSync } from '../platform/fs/safe-file'

/** Where profiles' keys live: the OS keychain (the default) or the age-encrypted file vault. */
export type VaultBackend = 'keychain' | 'file'

/**
 * The backend recorded in `<data dir>/config.json` under `vault.backend` (written by `keyward vault
 * init` and `keyward vault migrate`; see VaultSection in config.schema.ts). Missing means the OS
 * keychain: the file vault is opt-in and never a fallback. zod-free and synchronous, because the
 * no-daemon helper asks it; an unreadable config reads as the keychain here and is reported by the
 * config store on the next full read.
 */
export function configuredBackend(dataDir: string): VaultBackend {
  try {
    const text = readStateFileSync(join(dataDir, CONFIG_FILE))
    if (text === null) return 'keychain'
    const vault = (JSON.parse(text) as { vault?: { backend?: unknown } } | null)?.vault
    return vault?.backend === 'file' ? 'file' : 'keychain'
  } catch {
    return 'keychain'
  }
}

/** Where the keys of `dataDir` are, in words, for command output ("the OS keychain", "the file vault"). */
export function backendLabel(dataDir: string): string {
  return configuredBackend(dataDir) === 'file' ? 'the file vault' : 'the OS keychain'
}
