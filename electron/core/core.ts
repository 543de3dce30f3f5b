import type { Host } from '../../shared/contract'
import type { OrgAdmin } from './org/admin/org-admin'
import type { ChannelsModule } from './alerts/channels/channels-module'
import { type Keychain, createKeytarKeychain } from './vault/keychain'
import type { Vault } from './vault/vault'
import type { UsageModule } from './usage/usage-module'
import type { ReviewModule } from './org/review/review-module'
import { buildChannels, buildNotifier, buildOrgAdmin, buildProjects, buildReview, buildUsage, buildVault } from './compose/builders'
import { appHandlers } from './app.handlers'
import { auditHandlers } from './platform/audit/audit.handlers'
import { bindingHandlers } from './keys/bindings/bindings.handlers'
import type { KeyService } from './keys/key-service'
import { type Approver, headlessApprover } from './alerts/notify/approver'
import { type Notifier, logNotifier } from './alerts/notify/notifier'
import { resolveDataDir } from './platform/paths'
import { type Clipboard, noClipboard } from './keys/profiles/clipboard'
import { profileHandlers } from './keys/profiles/profiles.handlers'
import { type ErrorLog, type Router, createRouter } from './router'
import type { TrayProviders } from './serving/tray/tray-providers'
import { type TrayService, createTrayService } from './serving/tray/tray-service'
import { trayHandlers } from './serving/tray/tray.handlers'
import { vaultTrayProviders } from './serving/tray/vault-tray-providers'
import { configuredBackend } from './vault/backend'
import { type VaultSession, createVaultSession } from './vault/file/vault-session'
import { vaultPath } from './vault/file/vault-file'
import { KEYWARD_VERSION } from './platform/version'
import { type RotationReminders, createRotationReminders } from './org/rotation/rotation-reminders'
import type { DemoHostOptions } from './org/orgs/demo-host'
import type { ConfirmOrgMove } from './org/orgs/org-registry'
import { type Revealer, noRevealer } from './usage/projects/reveal'
import { projectHandlers } from './usage/projects/projects.handlers'
import { estimatesHandlers, thisMonthEstimates } from './usage/estimates/estimates.handlers'
import { fileEstimatesStore } from './usage/estimates/file-estimates-store'
import { serverProfilesThisMonth } from './usage/estimates/server-profiles'
import { logLine } from '../../shared/terminal-text'
import { createFiguresRefresher } from './serving/statusline/figures-refresher'

/** What a host tells the core when it builds it. */
export interface CoreOptions {
  readonly host: Host
  readonly env?: NodeJS.ProcessEnv
  readonly log?: ErrorLog
  /** Desktop notifications in Electron; log lines (the default) in the daemon. */
  readonly notifier?: Notifier
  /** Asks a person to approve serving a guarded profile; the daemon's default denies. */
  readonly approver?: Approver
  /** Tests override what the tray reads; the default is the vault, audit log and usage module. */
  readonly trayProviders?: Partial<TrayProviders>
  /** The OS keychain through keytar by default; unit tests pass an in-memory one. */
  readonly keychain?: Keychain
  /** Where `profiles.copyKey` puts a key; hosts without one (the daemon) refuse with what to do. */
  readonly clipboard?: Clipboard
  /** Minutes without use after which the file vault locks itself (0: never; default 12 h). */
  readonly autoLockMinutes?: number
  /** How the demo org's emulator starts in this host (seed, keys, days, test-only faults); the host records it in the data directory for the CLI. */
  readonly demo?: DemoHostOptions
  /** Shows a project's directory in the file manager (`projects.reveal`); hosts without a desktop (the daemon) refuse. */
  readonly revealer?: Revealer
  /** Asks a person before `orgs.add` moves a stored org to a new base URL (the desktop app's own window); hosts without one refuse such a move. */
  readonly confirmOrgMove?: ConfirmOrgMove
}

/** The core as every host sees it: one router over every service, and a way to stop them. */
export interface Core {
  readonly router: Router
  readonly dataDir: string
  /** The tray's data and actions (copying a key stays in the main process, never in the contract). */
  readonly tray: TrayService
  readonly notifier: Notifier
  readonly approver: Approver
  /** Serves the key bound to a directory (the socket server calls it). */
  readonly keys: KeyService
  /** Profiles, bindings, config, keychain and audit log. */
  readonly vault: Vault
  /** The file vault held by this host (locked until `keyward unlock`), or null on the OS keychain. */
  readonly fileVault: VaultSession | null
  /** Orgs, the Admin API service, key rotation and the demo emulator. */
  readonly orgAdmin: OrgAdmin
  /** Usage sync (the daemon and the app start its schedule), queries and budgets. */
  readonly usage: UsageModule
  /** The org review and offboarding. */
  readonly review: ReviewModule
  /** Rotation reminders: checked at start-up and after each usage sync, sent once per profile and period. */
  readonly reminders: RotationReminders
  /** Alert channels (webhooks, e-mail) and the durable outbox that delivers to them (the daemon and the app start it). */
  readonly channels: ChannelsModule
  close(): Promise<void>
}

/** The composition root shared by the app and the daemon: builds each service once (from the builders the CLI uses too: compose/builders.ts) and wires the handlers. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const env = options.env ?? process.env
  const dataDir = resolveDataDir(env)
  const log = options.log ?? ((line: string) => process.stderr.write(logLine(line)))
  const approver = options.approver ?? headlessApprover(log)
  // The backend recorded in config.json (vault.backend) decides; the file vault is never a fallback.
  const fileVault =
    options.keychain === undefined && configuredBackend(dataDir) === 'file'
      ? createVaultSession({ path: vaultPath(dataDir), log, ...(options.autoLockMinutes !== undefined && { autoLockMinutes: options.autoLockMinutes }) })
      : null
  const keychain = fileVault?.keychain ?? options.keychain ?? createKeytarKeychain()
  const vault = buildVault({ dataDir, approver, keychain })
  const channels = buildChannels({ dataDir, keychain: vault.keychain, log, env, audit: vault.audit })
  // Every notice goes to the desktop or the log; one that names channels also goes through the outbox.
  const notifier = buildNotifier({ notifier: options.notifier ?? logNotifier(log), channels, log })
  const orgAdmin = buildOrgAdmin({ vault, log, demo: { serve: { ...options.demo, dataDir, log } }, ...(options.confirmOrgMove !== undefined && { confirmOrgMove: options.confirmOrgMove }) })
  const reminders = createRotationReminders({ overview: () => orgAdmin.rotation.overview(), notifier, dataDir, log })
  // After each sync: rotation reminders, and the status line's figures (so a line reads one small file, not the store).
  const figures = createFiguresRefresher(dataDir, log)
  const usage = buildUsage({
    dataDir,
    vault,
    orgAdmin,
    notifier,
    channels,
    log,
    afterSync: async () => {
      reminders.checkSoon()
      await figures.refresh()
    },
  })
  const review = buildReview({ orgAdmin, usage, vault, log })
  const estimatesDeps = { store: fileEstimatesStore(dataDir), serverProfiles: () => serverProfilesThisMonth(usage) }
  const tray = createTrayService({
    ...vaultTrayProviders(vault),
    ...usage.tray,
    reviewHigh: () => review.review.openHighCount(),
    estimates: async () => (await thisMonthEstimates(estimatesDeps)).profiles.filter((p) => !p.serverCovered).map((p) => ({ profile: p.profile, amount: p.cost })),
    ...options.trayProviders,
  })
  const router = createRouter(
    {
      ...appHandlers({ host: options.host, version: KEYWARD_VERSION, dataDir }),
      ...profileHandlers(vault.profiles, options.clipboard ?? noClipboard),
      ...bindingHandlers(vault.bindings),
      ...auditHandlers(vault.audit),
      ...trayHandlers(tray),
      ...orgAdmin.handlers,
      ...usage.handlers,
      ...review.handlers,
      ...projectHandlers(buildProjects({ vault, usage, revealer: options.revealer ?? noRevealer })),
      ...channels.handlers,
      ...estimatesHandlers(estimatesDeps),
    },
    log,
  )
  reminders.checkSoon()
  // A demo org in the config is served from start-up, so CLI commands on it find this host's emulator.
  const servingDemo = serveListedDemo(orgAdmin, log)
  return {
    router,
    dataDir,
    tray,
    notifier,
    approver,
    keys: vault.keys,
    vault,
    fileVault,
    orgAdmin,
    usage,
    review,
    reminders,
    channels,
    close: async () => {
      fileVault?.lock()
      usage.close()
      await reminders.idle()
      await notifier.idle()
      await channels.outbox.stop()
      await servingDemo
      await orgAdmin.close()
      await vault.audit.close()
    },
  }
}

/** Starts the demo org's emulator (and its record) when the config lists the demo org; a failure is logged, and the dashboard retries on use. */
async function serveListedDemo(orgAdmin: OrgAdmin, log: ErrorLog): Promise<void> {
  try {
    if ((await orgAdmin.orgs.list()).some((o) => o.demo)) await orgAdmin.demo.ensure()
  } catch (error) {
    log(`the demo org is not served: ${error instanceof Error ? error.message : String(error)}`)
  }
}
