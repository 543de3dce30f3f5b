import { type OrgAdmin, createOrgAdmin } from '../core/org/admin/org-admin'
import { connectDemoHost } from '../core/org/orgs/demo-host'
import { resolveDataDir } from '../core/platform/paths'
import type { CliIO } from './io'
import { openCliVault } from './open-vault'
import { logLine } from '../../shared/terminal-text'

/** Builds orgs, the admin service and rotation over the CLI's vault; the demo org is the running app's or daemon's (demo-host.ts). */
export function openCliOrgAdmin(io: CliIO): OrgAdmin {
  return createOrgAdmin({ vault: openCliVault(io), log: (line) => io.stderr.write(logLine(line)), demoHost: connectDemoHost(resolveDataDir(io.env)) })
}
