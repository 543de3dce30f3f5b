import { type OrgAdmin, createOrgAdmin } from '../core/admin/org-admin'
import type { CliIO } from './io'
import { openCliVault } from './open-vault'
import { logLine } from '../../shared/terminal-text'

/** Builds orgs, the admin service and rotation over the CLI's vault; close it to stop a demo emulator it started. */
export function openCliOrgAdmin(io: CliIO): OrgAdmin {
  return createOrgAdmin({ vault: openCliVault(io), log: (line) => io.stderr.write(logLine(line)) })
}
