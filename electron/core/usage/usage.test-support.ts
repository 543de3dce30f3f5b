import Anthropic from '@anthropic-ai/sdk'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '../../emulator'
import type { Org, OrgDirectory } from '../org/orgs/org-directory'
import { emptyAttributionSource, type AttributionSource } from './attribution'
import { type SyncService, createSyncService } from './sync-service'
import { type UsageQueryService, createUsageQueryService } from './usage-service'
import { type UsageStore, createUsageStore } from './store/usage-store'

/** Everything a usage test or benchmark needs: an emulator, a directory over it, a store, sync and queries. */
export interface UsageTestKit {
  readonly emulator: EmulatorHandle
  readonly org: Org
  readonly orgs: OrgDirectory
  readonly dataDir: string
  readonly store: UsageStore
  readonly sync: SyncService
  readonly queries: UsageQueryService
  /** HTTP requests the SDK client sent (every attempt, retries included). */
  readonly requests: Array<{ method: string; path: string }>
  /** Runs before each request the client sends; tests use it to inject a fault mid-pagination. */
  beforeRequest: ((path: string, count: number) => void) | null
  close(): Promise<void>
}

/**
 * Starts an emulator with a pinned clock and wires the real sync and query services to it
 * through the official SDK, exactly as the core does, with a client that counts requests.
 */
export async function startUsageTestKit(
  options: {
    emulator?: EmulatorOptions
    maxRetries?: number
    attribution?: AttributionSource
    now?: () => Date
  } = {},
): Promise<UsageTestKit> {
  const emulator = await startEmulator(options.emulator)
  const dataDir = await mkdtemp(join(tmpdir(), 'keyward-usage-'))
  const requests: Array<{ method: string; path: string }> = []
  let baseURL = emulator.baseURL
  const kit: UsageTestKit = {
    emulator,
    org: { id: 'emu', name: 'Emulated org', baseURL, adminProfile: null, demo: true },
    orgs: null as unknown as OrgDirectory,
    dataDir,
    store: createUsageStore(dataDir),
    sync: null as unknown as SyncService,
    queries: null as unknown as UsageQueryService,
    requests,
    beforeRequest: null,
    close: async () => {
      kit.sync.stop()
      kit.store.close()
      await emulator.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
  const countingFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    requests.push({ method: init?.method ?? 'GET', path: url.pathname })
    kit.beforeRequest?.(url.pathname, requests.filter((r) => r.path === url.pathname).length)
    return fetch(input, init)
  }
  const client = new Anthropic({ apiKey: emulator.adminKey, authToken: null, baseURL, maxRetries: options.maxRetries ?? 0, fetch: countingFetch, timeout: 30_000 })
  baseURL = emulator.baseURL
  const orgs: OrgDirectory = { list: async () => [kit.org], client: async () => client }
  Object.assign(kit, {
    orgs,
    sync: createSyncService({ store: kit.store, orgs, now: options.now ?? (() => new Date()), maxRetries: options.maxRetries ?? 0 }),
    queries: createUsageQueryService({ store: kit.store, attribution: options.attribution ?? emptyAttributionSource }),
  })
  return kit
}
