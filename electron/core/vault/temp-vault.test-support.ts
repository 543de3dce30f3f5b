import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type MemoryKeychain, createMemoryKeychain } from './memory-keychain'
import { type Vault, createVault } from './vault'

/** A real-looking API key (108 characters) for tests; `tag` makes it unique. */
export function apiKey(tag = 'A'): string {
  return `sk-ant-api03-${tag}${'x'.repeat(91 - tag.length)}igAA`
}

/** A real-looking Admin key for tests. */
export function adminKey(tag = 'A'): string {
  return `sk-ant-admin01-${tag}${'y'.repeat(90 - tag.length)}AA`
}

/** A vault over a fresh temp data dir and an in-memory keychain, plus a snapshot of everything it stores. */
export interface TempVault extends Vault {
  readonly dataDir: string
  readonly keychain: MemoryKeychain
  /** Every file under the data dir (name → contents) and every keychain entry, to compare before/after. */
  snapshot(): Promise<{ files: Record<string, string>; keychain: Record<string, string> }>
}

/** Builds a TempVault; `now` is fixed so that snapshots compare equal. */
export async function createTempVault(base?: string): Promise<TempVault> {
  const dataDir = await mkdtemp(join(tmpdir(), 'keyward-vault-'))
  const keychain = createMemoryKeychain()
  const vault = createVault({ dataDir, keychain, now: () => new Date('2025-01-02T03:04:05.000Z'), ...(base !== undefined && { base }) })
  return {
    ...vault,
    keychain,
    dataDir,
    async snapshot() {
      const files: Record<string, string> = {}
      for (const name of (await readdir(dataDir)).sort()) files[name] = await readFile(join(dataDir, name), 'utf8')
      return { files, keychain: Object.fromEntries([...keychain.entries].sort()) }
    },
  }
}
