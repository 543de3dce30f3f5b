import { type OrgAdmin, createOrgAdmin } from '../core/org/admin/org-admin'
import { parseDemoFaults } from '../core/org/orgs/demo-host'
import type { CliIO } from './io'
import { openCliVault } from './open-vault'
import { logLine } from '../../shared/terminal-text'

/**
 * Builds orgs, the admin service and rotation over the CLI's vault; close it to stop a demo emulator
 * it started. KEYWARD_DEMO_FAULTS (test-only, as for the daemon) reaches only that demo emulator.
 */
export function openCliOrgAdmin(io: CliIO): OrgAdmin {
  return createOrgAdmin({ vault: openCliVault(io), log: (line) => io.stderr.write(logLine(line)), demo: { faults: parseDemoFaults(io.env.KEYWARD_DEMO_FAULTS) } })
}
