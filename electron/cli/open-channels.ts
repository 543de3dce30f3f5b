import { budgetsNaming, createBudgetStore } from '../core/budgets/budget-store'
import { type ChannelsModule, createChannelsModule } from '../core/channels/channels-module'
import { resolveDataDir } from '../core/paths'
import { type Keychain, createKeytarKeychain } from '../core/vault/keychain'
import type { CliIO } from './io'

/** The channels module over the CLI's data directory; the CLI only adds to the outbox, the app or daemon works it. */
export function openCliChannels(io: CliIO, keychain: Keychain = createKeytarKeychain()): ChannelsModule {
  const dataDir = resolveDataDir(io.env)
  const budgets = createBudgetStore(dataDir)
  return createChannelsModule({ dataDir, keychain, log: (line) => io.stderr.write(`keyward: ${line}\n`), usedBy: (name) => budgetsNaming(budgets, name) })
}
