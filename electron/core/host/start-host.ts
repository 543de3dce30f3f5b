import type { Core, CoreOptions } from '../core'
import { createCore } from '../core'
import type { KeySocketServer } from '../serving/socket/socket-server'
import type { SocketLocation } from '../serving/socket/socket-path'
import { startKeySocket } from '../serving/socket/start-key-socket'
import { startForwardSocket } from '../serving/forward/start-forward-socket'
import { syncIntervalFromEnv } from '../usage/sync-service'
import { keychainStartupWarning } from '../vault/keychain-probe'
import { limitHeapGrowth } from '../platform/heap/heap-growth'

/** What a host (the app, the daemon) passes to start: the core's options, and how it tells a person. */
export interface HostOptions extends CoreOptions {
  /** Writes one log line (stderr). */
  readonly log: (line: string) => void
  /** Tells a person something they should act on, in the CLI's style (lower case, no `keyward:`): the app's message window, the daemon's stderr. Never fatal. */
  readonly warn: (message: string) => void
  /** Adds the seeded demo org and serves its emulator from this host (`keyward daemon --demo`). */
  readonly addDemo?: boolean
  /** Tests swap these; the defaults are the real ones. */
  readonly parts?: Partial<HostParts>
}

/** The steps startHost composes, injectable so a test runs it over fakes. */
export interface HostParts {
  createCore: (options: CoreOptions) => Promise<Core>
  startKeySocket: (core: Core, options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void }) => Promise<Pick<KeySocketServer, 'location' | 'close'>>
  startForwardSocket: (core: Core, options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void; keySocket: SocketLocation }) => Promise<Pick<KeySocketServer, 'location' | 'close'>>
  keychainWarning: (core: Core) => Promise<string | null>
}

/** A running host: its core and sockets (the host says where it serves), and the one way to stop them. */
export interface RunningHost {
  readonly core: Core
  readonly keySocket: SocketLocation
  /** null when the forwarding socket could not start (keyward ssh cannot forward keys from this host). */
  readonly forwardSocket: SocketLocation | null
  /** Stops the sockets, then the core (sync, outbox, demo org, file vault). */
  close(): Promise<void>
}

const DEFAULT_PARTS: HostParts = {
  createCore,
  startKeySocket,
  startForwardSocket,
  // No keychain to keep keys in: say so at start, not at the first Add key. The file vault needs none.
  keychainWarning: async (core) => (core.fileVault ? null : keychainStartupWarning(core.vault.keychain)),
}

/**
 * The one start-up sequence of every host (the Electron app and `keyward daemon`), with one failure policy:
 *   - the core, then the key socket: FATAL. The key socket is the host's claim on its data directory;
 *     when another app or daemon holds it (CONFLICT), or it cannot be opened, this host stops with the
 *     socket's own message (what holds it, what to do) rather than run a second sync schedule, outbox
 *     and demo org over the same files. What was started is stopped first.
 *   - the keychain warning: a notice (`warn`), never fatal; the file vault needs no keychain.
 *   - the forwarding socket and the demo org: logged and warned; the host runs on without them
 *     (keyward ssh cannot forward from it; the dashboard retries the demo org on use).
 *   - the usage sync schedule and the alert outbox: started last; each logs and retries its own failures.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  // A host lives for days and answers bursts of queries: its heap is collected before it grows far (heap-growth.ts).
  limitHeapGrowth()
  const parts = { ...DEFAULT_PARTS, ...options.parts }
  const { log, warn } = options
  const env = options.env ?? process.env
  const core = await parts.createCore(options)
  const notice = await parts.keychainWarning(core).catch((error: unknown) => `the keychain could not be checked: ${messageOf(error)}`)
  if (notice) warn(notice)
  const keySocket = await parts.startKeySocket(core, { env, log }).catch(async (error: unknown) => {
    await core.close()
    throw error
  })
  const forward = await parts.startForwardSocket(core, { env, log, keySocket: keySocket.location }).catch((error: unknown) => {
    warn(`the forwarding socket did not start, so keyward ssh cannot forward keys from this host (${messageOf(error)})`)
    return null
  })
  if (options.addDemo) {
    await core.orgAdmin.orgs.addDemo().catch((error: unknown) => warn(`the demo org was not added (${messageOf(error)}); try again with: keyward demo`))
  }
  // Usage sync every 5 minutes unless KEYWARD_SYNC_INTERVAL_MINUTES says otherwise (never under 1).
  core.usage.sync.start(syncIntervalFromEnv(env))
  // Alerts for webhooks and e-mail, delivered from the durable outbox, retried while a receiver is down.
  core.channels.outbox.start()
  return {
    core,
    keySocket: keySocket.location,
    forwardSocket: forward?.location ?? null,
    async close() {
      await forward?.close()
      await keySocket.close()
      await core.close()
    },
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
