import { resolveDataDir } from '../core/platform/paths'
import { type Vault, createVault } from '../core/vault/vault'
import { cliKeychain } from './cli-keychain'
import type { CliIO } from './io'

/**
 * Opens the vault the way every vault command does: data dir from the env, relative `--dir` from
 * the cwd, keys in the backend config.json names (the OS keychain, or the file vault: cli-keychain.ts).
 */
export function openCliVault(io: CliIO): Vault {
  const dataDir = resolveDataDir(io.env)
  return createVault({ dataDir, base: io.cwd, keychain: cliKeychain(io, dataDir) })
}
