import { budgetsNaming, createBudgetStore } from '../core/usage/budgets/budget-store'
import { type ChannelsModule, createChannelsModule } from '../core/alerts/channels/channels-module'
import { resolveDataDir } from '../core/platform/paths'
import type { Keychain } from '../core/vault/keychain'
import { cliKeychain } from './cli-keychain'
import type { CliIO } from './io'

/**
 * The channels module over the CLI's data directory; the CLI only adds to the outbox, the app or
 * daemon works it. Channel secrets live in the vault of the configured backend, like every other
 * secret: a command that has opened the vault passes its keychain (one passphrase prompt per command).
 */
export function openCliChannels(io: CliIO, keychain: Keychain = cliKeychain(io, resolveDataDir(io.env))): ChannelsModule {
  const dataDir = resolveDataDir(io.env)
  const budgets = createBudgetStore(dataDir)
  return createChannelsModule({ dataDir, keychain, log: (line) => io.stderr.write(`keyward: ${line}\n`), usedBy: (name) => budgetsNaming(budgets, name) })
}
