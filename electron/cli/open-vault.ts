import { resolveDataDir } from '../core/paths'
import { type Vault, createVault } from '../core/vault/vault'
import type { CliIO } from './io'

/** Opens the vault the way every vault command does: data dir from the env, relative `--dir` from the cwd. */
export function openCliVault(io: CliIO): Vault {
  return createVault({ dataDir: resolveDataDir(io.env), base: io.cwd })
}
