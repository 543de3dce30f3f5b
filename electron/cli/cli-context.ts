import type { Builders } from '../core/compose/builders'
import type { ChannelsModule } from '../core/alerts/channels/channels-module'
import type { Notifier } from '../core/alerts/notify/notifier'
import type { OrgAdmin } from '../core/org/admin/org-admin'
import type { ReviewModule } from '../core/org/review/review-module'
import type { ProjectsService } from '../core/usage/projects/projects-service'
import type { UsageModule } from '../core/usage/usage-module'
import type { UsageQueryService } from '../core/usage/usage-service'
import type { Keychain } from '../core/vault/keychain'
import type { Vault } from '../core/vault/vault'
import { logLine } from '../../shared/terminal-text'
import type { CliIO } from './io'

/**
 * Everything a CLI command works on, opened once per process (as aws-vault's AwsVault opens the
 * keyring once for every command): each piece is built on first use, at most once, from the same
 * builders the app and the daemon use (core/compose/builders.ts), over the keychain of the
 * configured backend (cli-keychain.ts: the file vault asks its passphrase once per command).
 * The demo org is the running app's or daemon's (connectDemoHost). A read of the local usage alone
 * (`usageQueries`) builds none of that. `close()` disposes what was built.
 */
export interface CliContext {
  /** The keychain of the configured backend (the OS keychain, or the file vault). */
  keychain(): Promise<Keychain>
  /** The OS keychain whatever the configured backend (the other side of `keyward vault migrate`). */
  osKeychain(): Promise<Keychain>
  /** Profiles, bindings, config and audit log; relative `--dir` arguments resolve from the working directory. */
  vault(): Promise<Vault>
  /** Alert channels; the CLI only adds to the outbox, the app or daemon works it. */
  channels(): Promise<ChannelsModule>
  /** Log lines, and a notice naming channels queued for them (the app or daemon delivers it). */
  notifier(): Promise<Notifier & { idle(): Promise<void> }>
  orgAdmin(): Promise<OrgAdmin>
  usage(): Promise<UsageModule>
  /**
   * The usage queries alone, over the local usage store and config (core/usage/usage-queries.ts):
   * for a read that needs no vault, keychain, Admin API or channels (keyward usage), which it does not build.
   */
  usageQueries(): Promise<UsageQueryService>
  review(): Promise<ReviewModule>
  projects(): Promise<ProjectsService>
  /** Disposes what was built, newest first (usage, outbox, demo connection, audit log…); each step runs even when an earlier one failed. */
  close(): Promise<void>
}

/** What tests change: the builders (to count them), the keychain (an in-memory one). */
export interface CliContextOptions {
  readonly builders?: Builders
  readonly keychain?: Keychain
}

/** The CLI's one context over `io` (its env names the data directory, its cwd the base of relative paths). */
export function createCliContext(io: CliIO, options: CliContextOptions = {}): CliContext {
  const log = (line: string): void => {
    io.stderr.write(logLine(line))
  }
  // Loaded on first use, so commands that build nothing (helper, --help) pay nothing for the core.
  const builders = once(async () => options.builders ?? (await import('../core/compose/builders')).builders)
  const dataDir = once(async () => (await import('../core/platform/paths')).resolveDataDir(io.env))
  const disposers: Array<() => Promise<void>> = []
  const built = <T>(build: () => Promise<T>, dispose?: (piece: T) => Promise<void> | void) =>
    once(async () => {
      const piece = await build()
      if (dispose) disposers.push(async () => dispose(piece))
      return piece
    })

  const keychain = once(async () => options.keychain ?? (await import('./cli-keychain')).cliKeychain(io, await dataDir()))
  const osKeychain = once(async () => (await import('../core/vault/keychain')).createKeytarKeychain())
  const vault = built(
    async () => (await builders()).buildVault({ dataDir: await dataDir(), base: io.cwd, keychain: await keychain() }),
    (v) => v.audit.close(),
  )
  const channels = built(
    async () => {
      const v = await vault()
      return (await builders()).buildChannels({ dataDir: await dataDir(), keychain: v.keychain, log, env: io.env, audit: v.audit })
    },
    (c) => c.outbox.stop(),
  )
  const notifier = built(
    async () => (await builders()).buildNotifier({ notifier: (await import('../core/alerts/notify/notifier')).logNotifier(log), channels: await channels(), log }),
    (n) => n.idle(),
  )
  const orgAdmin = built(
    async () => {
      const { connectDemoHost } = await import('../core/org/orgs/demo-host')
      return (await builders()).buildOrgAdmin({ vault: await vault(), log, demo: { connect: connectDemoHost(await dataDir()) } })
    },
    (o) => o.close(),
  )
  const usage = built(
    async () => (await builders()).buildUsage({ dataDir: await dataDir(), vault: await vault(), orgAdmin: await orgAdmin(), notifier: await notifier(), channels: await channels(), log }),
    (u) => u.close(),
  )
  const openedQueries = built(
    async () => (await import('../core/usage/usage-queries')).openUsageQueries(await dataDir()),
    (q) => q.close(),
  )
  const review = built(async () => (await builders()).buildReview({ vault: await vault(), orgAdmin: await orgAdmin(), usage: await usage(), log }))
  const projects = built(async () => {
    const { noRevealer } = await import('../core/usage/projects/reveal')
    return (await builders()).buildProjects({ vault: await vault(), usage: await usage(), revealer: noRevealer })
  })

  return {
    keychain,
    osKeychain,
    vault,
    channels,
    notifier,
    orgAdmin,
    usage,
    usageQueries: async () => (await openedQueries()).queries,
    review,
    projects,
    async close() {
      let failure: unknown = null
      for (const dispose of disposers.splice(0).reverse()) {
        await dispose().catch((error: unknown) => (failure ??= error))
      }
      if (failure !== null) throw failure
    },
  }
}

/** `make` run on the first call only; every call gets that one promise. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined
  return () => (made ??= make())
}
