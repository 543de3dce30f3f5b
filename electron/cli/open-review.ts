import { createOrgAdmin } from '../core/org/admin/org-admin'
import { connectDemoHost } from '../core/org/orgs/demo-host'
import { logNotifier } from '../core/alerts/notify/notifier'
import { resolveDataDir } from '../core/platform/paths'
import { type ReviewModule, createReviewModule } from '../core/org/review/review-module'
import { createUsageModule } from '../core/usage/usage-module'
import type { OrgDirectory } from '../core/org/orgs/org-directory'
import type { CliIO } from './io'
import { openCliVault } from './open-vault'
import { logLine } from '../../shared/terminal-text'

/** Review and offboarding over the CLI's data directory; the demo org is the running app's or daemon's (demo-host.ts). */
export function openCliReview(io: CliIO): ReviewModule & { orgs: Pick<OrgDirectory, 'list'>; dispose(): Promise<void> } {
  const log = (line: string): void => {
    io.stderr.write(logLine(line))
  }
  const vault = openCliVault(io)
  const dataDir = resolveDataDir(io.env)
  const orgAdmin = createOrgAdmin({ vault, log, demoHost: connectDemoHost(dataDir) })
  const usage = createUsageModule({ dataDir, orgs: orgAdmin.orgs, config: vault.config, notifier: logNotifier(log), log })
  const module = createReviewModule({ orgAdmin, usage, vault, log })
  return {
    ...module,
    orgs: orgAdmin.orgs,
    async dispose() {
      usage.close()
      await orgAdmin.close()
      await vault.audit.close()
    },
  }
}
