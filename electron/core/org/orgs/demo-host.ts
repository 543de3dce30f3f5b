import { connect } from 'node:net'
import { KeywardError } from '../../../../shared/errors'
import type { EmulatorHandle, EmulatorOptions, Fault } from '../../../emulator'
import { type DemoRecord, newDemoRecord, newDemoToken, readDemoRecord, recordProcessAlive, removeDemoRecord, writeDemoRecord } from './demo-record'

/** The demo org's id: fixed, because there is at most one and its seeded Anthropic id is not a real org. */
export const DEMO_ORG_ID = 'demo'

/** Where a process reaches the demo org's emulator. */
export interface DemoEndpoint {
  /** The emulator's loopback base URL. */
  readonly baseURL: string
  /** What the emulator accepts as the Admin key: in a host, a per-run random token (never key-shaped). */
  readonly credential: string
  /** The seeded org's name. */
  readonly orgName: string
}

/**
 * The demo org's emulator as one process sees it. A host (the app, `keyward daemon`) serves it
 * in-process and records it in the data directory (`createDemoHost`); the CLI uses the one the
 * running host records (`connectDemoHost`) and never starts a private copy, so every surface acts
 * on the same demo org and the audit log records only what happened to it.
 */
export interface DemoHost {
  /** The emulator, started (once) on first call in a host; in the CLI, the running host's, or UNAVAILABLE saying how to start one. */
  ensure(): Promise<DemoEndpoint>
  /** The emulator as known now, without starting anything, or null. */
  current(): DemoEndpoint | null
  /** What the demo org's base URL reads as while `current()` is null. */
  readonly idleLabel: string
  close(): Promise<void>
}

/** A demo host that runs the emulator in this process; tests reach its state and faults through `emulator()`. */
export interface ServedDemoHost extends DemoHost {
  /** The in-process emulator, started (once) on first call. */
  emulator(): Promise<EmulatorHandle>
}

/**
 * Parses `KEYWARD_DEMO_FAULTS`: a JSON object of emulator route key → fault, e.g.
 * `{"GET /v1/organizations/users":{"kind":"error","type":"permission_error"}}`. Test-only: it lets the
 * browser tests make the demo org answer 403; it affects nothing but the in-process demo emulator.
 */
export function parseDemoFaults(raw: string | undefined): Array<[string, Fault]> {
  if (!raw) return []
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw new KeywardError('INVALID_INPUT', 'KEYWARD_DEMO_FAULTS is not JSON; it must be an object of "METHOD /path" → fault, e.g. {"GET /v1/organizations/users":{"kind":"500"}}.')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new KeywardError('INVALID_INPUT', 'KEYWARD_DEMO_FAULTS must be a JSON object of "METHOD /path" → fault.')
  }
  return Object.entries(parsed as Record<string, Fault>)
}

/** What the demo emulator is started with; the emulator's defaults fill the rest. */
export interface DemoHostOptions {
  readonly emulator?: EmulatorOptions
  readonly faults?: Array<[string, Fault]>
  /**
   * The data directory to record the running emulator in (demo-record.ts), so CLI commands use
   * it. Hosts give it; without it (unit tests of the core) the emulator is this process's alone.
   */
  readonly dataDir?: string
  /** Where a failure to write or remove the record is reported (the emulator still serves this process). */
  readonly log?: (line: string) => void
}

/** The one line a CLI command on the demo org prints when no app or daemon serves it. */
export const NO_DEMO_HOST = 'the demo org lives in the running app or daemon, and none serves it now; start one: keyward daemon --demo (or npm start), or open the app and choose "Try the demo org"'

/**
 * Runs the demo org's emulator in this process, started on first use; the emulator module is
 * loaded only then. It accepts a per-run random token, not the seed's demo Admin key. With a
 * `dataDir` it records itself there once listening (refusing when another live process already
 * serves that data directory's demo org) and removes its record when closed.
 */
export function createDemoHost(options: DemoHostOptions = {}): ServedDemoHost {
  let starting: Promise<{ handle: EmulatorHandle; record: DemoRecord | null }> | null = null
  let endpoint: DemoEndpoint | null = null
  const log = options.log ?? ((line: string) => process.stderr.write(`keyward: ${line}\n`))
  const start = () => {
    starting ??= (async () => {
      if (options.dataDir !== undefined) refuseWhenServedElsewhere(options.dataDir)
      const { startEmulator } = await import('../../../emulator')
      const token = newDemoToken()
      // The demo shows one spike: a runaway-script hour a few hours before start-up.
      const handle = await startEmulator({ runaway: {}, ...options.emulator, adminKey: token })
      for (const [route, fault] of options.faults ?? []) handle.faults.set(route, fault)
      let record: DemoRecord | null = null
      if (options.dataDir !== undefined) {
        record = newDemoRecord(handle.baseURL, token, handle.state.org.name)
        try {
          await writeDemoRecord(options.dataDir, record)
        } catch (error) {
          await handle.close()
          throw error
        }
      }
      endpoint = { baseURL: handle.baseURL, credential: token, orgName: handle.state.org.name }
      return { handle, record }
    })()
    starting.catch(() => {
      starting = null
    })
    return starting
  }
  return {
    async ensure() {
      await start()
      return endpoint!
    },
    emulator: async () => (await start()).handle,
    current: () => endpoint,
    idleLabel: 'in-process emulator (starts on first use)',
    async close() {
      const running = starting
      starting = null
      endpoint = null
      const started = running ? await running.catch(() => null) : null
      if (!started) return
      if (options.dataDir !== undefined && started.record) {
        await removeDemoRecord(options.dataDir, started.record.nonce).catch((error: unknown) =>
          log(`could not remove the demo org's record: ${error instanceof Error ? error.message : String(error)}`),
        )
      }
      await started.handle.close()
    },
  }
}

/** CONFLICT when another live process records that it serves this data directory's demo org. */
function refuseWhenServedElsewhere(dataDir: string): void {
  let record: DemoRecord | null
  try {
    record = readDemoRecord(dataDir)
  } catch {
    // A record we may not trust is replaced by ours (the rename replaces a link, never follows it).
    return
  }
  if (record && record.pid !== process.pid && recordProcessAlive(record)) {
    throw new KeywardError('CONFLICT', `the demo org of ${dataDir} is already served by process ${record.pid} (the app or keyward daemon); use that one, or stop it first`)
  }
}

/**
 * The CLI's view of the demo org: the emulator the running app or daemon records for `dataDir`.
 * A record whose process is gone (or whose port nobody listens on) is stale: it is removed and
 * the command fails with NO_DEMO_HOST, having done nothing. A record that may not be trusted
 * (a link, another user's, open to others) is refused with what to do.
 */
export function connectDemoHost(dataDir: string): DemoHost {
  const toEndpoint = (r: DemoRecord): DemoEndpoint => ({ baseURL: r.baseURL, credential: r.token, orgName: r.orgName })
  return {
    async ensure() {
      const record = readDemoRecord(dataDir)
      if (record && recordProcessAlive(record) && (await listening(record.baseURL))) return toEndpoint(record)
      if (record) await removeDemoRecord(dataDir, record.nonce)
      throw new KeywardError('UNAVAILABLE', NO_DEMO_HOST)
    },
    current() {
      try {
        const record = readDemoRecord(dataDir)
        return record && recordProcessAlive(record) ? toEndpoint(record) : null
      } catch {
        return null
      }
    },
    idleLabel: 'served by the app or keyward daemon --demo (none runs now)',
    close: async () => {},
  }
}

/** True when something accepts connections at the loopback `baseURL` (a record's port reused by nobody is stale). */
function listening(baseURL: string): Promise<boolean> {
  const { port } = new URL(baseURL)
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) })
    const done = (up: boolean) => {
      socket.destroy()
      resolve(up)
    }
    socket.setTimeout(2_000, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
