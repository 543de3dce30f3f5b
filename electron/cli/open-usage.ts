import { logNotifier } from '../core/notify/notifier'
import { resolveDataDir } from '../core/paths'
import { type UsageModule, createUsageModule } from '../core/usage/usage-module'
import type { CliIO } from './io'
import { openCliOrgAdmin } from './open-org-admin'
import { openCliVault } from './open-vault'

/** Usage queries, sync and budgets over the CLI's data directory; `close` stops a demo emulator a sync started. */
export function openCliUsage(io: CliIO): UsageModule & { dispose(): Promise<void> } {
  const vault = openCliVault(io)
  const orgAdmin = openCliOrgAdmin(io)
  const log = (line: string): void => {
    io.stderr.write(`keyward: ${line}\n`)
  }
  const usage = createUsageModule({ dataDir: resolveDataDir(io.env), orgs: orgAdmin.orgs, config: vault.config, notifier: logNotifier(log), log })
  return {
    ...usage,
    async dispose() {
      usage.close()
      await orgAdmin.close()
    },
  }
}
