import { rotationHandlers } from '../rotation/rotation.handlers'
import { type RotationService, createRotationService } from '../rotation/rotation-service'
import type { ErrorLog, Handlers } from '../../router'
import type { Vault } from '../../vault/vault'
import type { AdminClientFactory } from '../orgs/admin-client'
import { type DemoHost, type DemoHostOptions, createDemoHost } from '../orgs/demo-host'
import { type ConfirmOrgMove, type OrgRegistry, createOrgRegistry } from '../orgs/org-registry'
import { orgHandlers } from '../orgs/orgs.handlers'
import { adminHandlers } from './admin.handlers'
import { type AdminService, createAdminService } from './admin-service'

/** Orgs, the admin service, rotation and the demo emulator, wired over the vault's config, keychain and audit log. */
export interface OrgAdmin {
  readonly orgs: OrgRegistry
  readonly admin: AdminService
  readonly rotation: RotationService
  readonly demo: DemoHost
  readonly handlers: Pick<Handlers, Extract<keyof Handlers, `admin.${string}` | `orgs.${string}` | `rotation.${string}`>>
  close(): Promise<void>
}

/** What the org-admin services are built from. */
export interface OrgAdminOptions {
  readonly vault: Pick<Vault, 'config' | 'keychain' | 'audit'>
  readonly log: ErrorLog
  /** How a demo emulator served here starts (ignored when `demoHost` is given). */
  readonly demo?: DemoHostOptions
  /**
   * The demo org's host: the CLI passes `connectDemoHost(dataDir)` (the running app's or daemon's
   * emulator); by default this process serves it (`createDemoHost(demo)`), as hosts and unit tests do.
   */
  readonly demoHost?: DemoHost
  readonly makeClient?: AdminClientFactory
  readonly now?: () => Date
  /** Asks a person before `orgs.add` moves a stored org to a new base URL (the desktop app's window); without one, such a move is refused. */
  readonly confirmOrgMove?: ConfirmOrgMove
}

/** Builds the org-admin services; one composition point so every host (Electron, daemon, CLI) wires the same thing. */
export function createOrgAdmin(options: OrgAdminOptions): OrgAdmin {
  const { vault, log } = options
  const now = options.now ?? (() => new Date())
  const demo = options.demoHost ?? createDemoHost(options.demo ?? {})
  const orgs = createOrgRegistry({
    config: vault.config,
    keychain: vault.keychain,
    audit: vault.audit,
    demo,
    now,
    ...(options.makeClient !== undefined && { makeClient: options.makeClient }),
  })
  const admin = createAdminService({
    getOrg: (id) => orgs.get(id),
    client: (id) => orgs.client(id),
    async audit(detail, org, target) {
      try {
        await vault.audit.append({ event: 'admin.action', ...(org.adminProfile !== null && { profile: org.adminProfile }), detail: `${org.name}: ${detail}`, ...(target !== undefined && { target }) })
      } catch (error) {
        // The change already happened at Anthropic; failing the call now would invite a repeat.
        log(`could not audit an admin action (${detail}): ${error instanceof Error ? error.message : String(error)}`)
      }
    },
  })
  const rotation = createRotationService({ config: vault.config, keychain: vault.keychain, audit: vault.audit, orgs, admin, now })
  return {
    orgs,
    admin,
    rotation,
    demo,
    handlers: { ...orgHandlers(orgs, options.confirmOrgMove), ...adminHandlers(admin), ...rotationHandlers(rotation) },
    close: () => demo.close(),
  }
}
