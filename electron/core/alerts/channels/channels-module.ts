import { join } from 'node:path'
import type { AuditLog } from '../../platform/audit/audit-log'
import type { Handlers } from '../../router'
import type { Keychain } from '../../vault/keychain'
import { channelSecretStore } from './channel-secrets'
import { type ChannelService, createChannelService } from './channel-service'
import { createChannelStore } from './channel-store'
import { channelHandlers } from './channels.handlers'
import type { RetryPolicy } from '../outbox/backoff'
import { type Outbox, createOutbox } from '../outbox/outbox'

/** Alert channels and their outbox, wired once for every host (the app, the daemon, the CLI). */
export interface ChannelsModule {
  readonly service: ChannelService
  readonly outbox: Outbox
  readonly handlers: Pick<Handlers, Extract<keyof Handlers, `channels.${string}`>>
}

/** Reads the test-only retry base `KEYWARD_OUTBOX_RETRY_MS` (the real default is 10 s), so reliability tests need not wait. */
export function retryPolicyFromEnv(env: NodeJS.ProcessEnv): RetryPolicy | undefined {
  const base = Number(env.KEYWARD_OUTBOX_RETRY_MS)
  if (!Number.isInteger(base) || base < 10 || base > 60_000) return undefined
  return { baseMs: base, capMs: base * 8, maxAttempts: 40 }
}

/** Builds the channels module over `dataDir` and `keychain`; the host decides whether to work the outbox (`outbox.start`). */
export function createChannelsModule(deps: {
  readonly dataDir: string
  readonly keychain: Keychain
  readonly log: (line: string) => void
  readonly usedBy?: (name: string) => Promise<string[]>
  readonly policy?: RetryPolicy | undefined
  /** Where channel changes and tests are recorded. */
  readonly audit?: Pick<AuditLog, 'append'>
}): ChannelsModule {
  const outbox = createOutbox({
    dir: join(deps.dataDir, 'outbox'),
    // The outbox opens channels through the service below (called only once both exist).
    open: (name) => service.open(name),
    log: deps.log,
    ...(deps.policy !== undefined && { policy: deps.policy }),
  })
  const service: ChannelService = createChannelService({
    store: createChannelStore(deps.dataDir),
    secrets: channelSecretStore(deps.keychain),
    outbox,
    ...(deps.usedBy !== undefined && { usedBy: deps.usedBy }),
    ...(deps.audit !== undefined && { audit: deps.audit }),
  })
  return { service, outbox, handlers: channelHandlers(service, outbox) }
}
