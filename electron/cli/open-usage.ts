import { channelNotifier } from '../core/alerts/channels/channel-notifier'
import { logNotifier } from '../core/alerts/notify/notifier'
import { resolveDataDir } from '../core/platform/paths'
import { type UsageModule, createUsageModule } from '../core/usage/usage-module'
import type { CliIO } from './io'
import { openCliChannels } from './open-channels'
import { openCliOrgAdmin } from './open-org-admin'
import { openCliVault } from './open-vault'
import { logLine } from '../../shared/terminal-text'

/** Usage queries, sync and budgets over the CLI's data directory. */
export function openCliUsage(io: CliIO): UsageModule & { dispose(): Promise<void> } {
  const vault = openCliVault(io)
  const orgAdmin = openCliOrgAdmin(io)
  const log = (line: string): void => {
    io.stderr.write(logLine(line))
  }
  const channels = openCliChannels(io, vault.keychain)
  // A threshold crossed here is queued for its channels; the app or daemon delivers it.
  const notifier = channelNotifier(logNotifier(log), channels.outbox, log)
  const usage = createUsageModule({ dataDir: resolveDataDir(io.env), orgs: orgAdmin.orgs, config: vault.config, notifier, log, channels: channels.service })
  return {
    ...usage,
    async dispose() {
      usage.close()
      await notifier.idle()
      await channels.outbox.stop()
      await orgAdmin.close()
    },
  }
}
