import type { Approver } from '../alerts/notify/approver'
import type { AuditLog } from '../platform/audit/audit-log'
import type { Notifier } from '../alerts/notify/notifier'
import { channelNotifier } from '../alerts/channels/channel-notifier'
import { type ChannelsModule, createChannelsModule, retryPolicyFromEnv } from '../alerts/channels/channels-module'
import { type OrgAdmin, createOrgAdmin } from '../org/admin/org-admin'
import type { DemoHost, DemoHostOptions } from '../org/orgs/demo-host'
import type { ConfirmOrgMove } from '../org/orgs/org-registry'
import { type ReviewModule, createReviewModule } from '../org/review/review-module'
import { budgetsNaming, createBudgetStore } from '../usage/budgets/budget-store'
import { type ProjectsService, createProjectsService } from '../usage/projects/projects-service'
import type { Revealer } from '../usage/projects/reveal'
import { type UsageModule, createUsageModule } from '../usage/usage-module'
import { watermarksOf } from '../usage/usage-projection'
import type { Keychain } from '../vault/keychain'
import { type Vault, createVault } from '../vault/vault'

/** Writes one log line (a host's stderr, or a test's array). */
export type Log = (line: string) => void

/**
 * The one set of builders every host assembles Keyward from: the app and the daemon through
 * createCore (core.ts), the CLI through its context (electron/cli/cli-context.ts). Each takes the
 * pieces it needs explicitly, so a host differs only in what it passes (its keychain, notifier,
 * demo host), never in how the pieces are joined.
 */
export interface Builders {
  buildVault(deps: { readonly dataDir: string; readonly keychain: Keychain; readonly approver?: Approver; readonly base?: string }): Vault
  buildChannels(deps: { readonly dataDir: string; readonly keychain: Keychain; readonly log: Log; readonly env: NodeJS.ProcessEnv; readonly audit?: Pick<AuditLog, 'append'> }): ChannelsModule
  buildNotifier(deps: { readonly notifier: Notifier; readonly channels: ChannelsModule; readonly log: Log }): Notifier & { idle(): Promise<void> }
  buildOrgAdmin(deps: { readonly vault: Vault; readonly log: Log; readonly demo: DemoSource; readonly confirmOrgMove?: ConfirmOrgMove }): OrgAdmin
  buildUsage(deps: {
    readonly dataDir: string
    readonly vault: Vault
    readonly orgAdmin: OrgAdmin
    readonly notifier: Notifier
    readonly channels: ChannelsModule
    readonly log: Log
    readonly afterSync?: (orgId: string) => void
  }): UsageModule
  buildReview(deps: { readonly vault: Vault; readonly orgAdmin: OrgAdmin; readonly usage: UsageModule; readonly log: Log }): ReviewModule
  buildProjects(deps: { readonly vault: Vault; readonly usage: UsageModule; readonly revealer: Revealer }): ProjectsService
}

/** Where the demo org runs: served by this process (a host), or the running host's (the CLI: connectDemoHost). */
export type DemoSource = { readonly serve: DemoHostOptions } | { readonly connect: DemoHost }

/** Profiles, bindings, the key service, config and audit log over one keychain. */
export const buildVault: Builders['buildVault'] = ({ dataDir, keychain, approver, base }) =>
  createVault({ dataDir, keychain, ...(approver !== undefined && { approver }), ...(base !== undefined && { base }) })

/** Alert channels and their durable outbox; a channel a budget names is reported by the budget store. The host decides whether to work the outbox. */
export const buildChannels: Builders['buildChannels'] = ({ dataDir, keychain, log, env, audit }) => {
  const budgets = createBudgetStore(dataDir)
  return createChannelsModule({ dataDir, keychain, log, usedBy: (name) => budgetsNaming(budgets, name), policy: retryPolicyFromEnv(env), ...(audit !== undefined && { audit }) })
}

/** The host's notifier, with every notice that names channels also queued in the outbox. */
export const buildNotifier: Builders['buildNotifier'] = ({ notifier, channels, log }) => channelNotifier(notifier, channels.outbox, log)

/** Orgs, the Admin API service, rotation and the demo org. */
export const buildOrgAdmin: Builders['buildOrgAdmin'] = ({ vault, log, demo, confirmOrgMove }) =>
  createOrgAdmin({ vault, log, ...('serve' in demo ? { demo: demo.serve } : { demoHost: demo.connect }), ...(confirmOrgMove !== undefined && { confirmOrgMove }) })

/** Usage sync, queries, budgets and spike alerts. The host decides whether to run the sync schedule. */
export const buildUsage: Builders['buildUsage'] = ({ dataDir, vault, orgAdmin, notifier, channels, log, afterSync }) =>
  createUsageModule({ dataDir, orgs: orgAdmin.orgs, config: vault.config, notifier, log, channels: channels.service, audit: vault.audit, ...(afterSync !== undefined && { afterSync }) })

/** The org review and offboarding. */
export const buildReview: Builders['buildReview'] = ({ vault, orgAdmin, usage, log }) => createReviewModule({ orgAdmin, usage, vault, log })

/** The projects view: bound and allowed directories with their usage. */
export const buildProjects: Builders['buildProjects'] = ({ vault, usage, revealer }) =>
  createProjectsService({ ...vault, usage: usage.queries, revealer, watermarks: async () => watermarksOf(await usage.sync.status()) })

/** The builders as one object, for a host that takes them injected (the CLI context's tests count the calls). */
export const builders: Builders = { buildVault, buildChannels, buildNotifier, buildOrgAdmin, buildUsage, buildReview, buildProjects }
