import { KeywardError } from '../../../../shared/errors'
import type { EmulatorHandle, EmulatorOptions, Fault } from '../../../emulator'

/** The demo org's id: fixed, because there is at most one and its seeded Anthropic id is not a real org. */
export const DEMO_ORG_ID = 'demo'

/** Runs the in-process Admin API emulator behind the demo org, started on first use. */
export interface DemoHost {
  /** The running emulator, started (once) on first call. */
  ensure(): Promise<EmulatorHandle>
  /** The running emulator, or null when it has not been started. */
  current(): EmulatorHandle | null
  close(): Promise<void>
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
}

/** Creates the demo host; the emulator module is loaded only when the demo org is first used. */
export function createDemoHost(options: DemoHostOptions = {}): DemoHost {
  let starting: Promise<EmulatorHandle> | null = null
  let handle: EmulatorHandle | null = null
  return {
    ensure() {
      starting ??= (async () => {
        const { startEmulator } = await import('../../../emulator')
        // The demo shows one spike: a runaway-script hour a few hours before start-up.
        const started = await startEmulator({ runaway: {}, ...options.emulator })
        for (const [route, fault] of options.faults ?? []) started.faults.set(route, fault)
        handle = started
        return started
      })()
      starting.catch(() => {
        starting = null
      })
      return starting
    },
    current: () => handle,
    async close() {
      const running = starting
      starting = null
      handle = null
      if (running) await (await running.catch(() => null))?.close()
    },
  }
}
