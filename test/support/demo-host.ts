import type { EmulatorHandle } from '../../electron/emulator'
import { type DemoHostOptions, createDemoHost } from '../../electron/core/org/orgs/demo-host'

/** The demo org served in this process for one data directory, as the app or `keyward daemon --demo` serves it. */
export interface TestDemoHost {
  /** The emulator behind the demo org: its live state, faults and request log. */
  readonly emulator: EmulatorHandle
  readonly dataDir: string
  /** Stops the emulator and removes its record; CLI commands on the demo org then say how to start a host. */
  stop(): Promise<void>
}

/**
 * Starts a demo host for `dataDir`: the in-process emulator plus the record CLI commands read
 * (demo-record.ts), so `runCli` and the commands' `run` in the same test act on this one demo
 * org, the way they act on the running app's or daemon's. Stop it in the test's teardown.
 */
export async function startDemoHost(dataDir: string, options: Omit<DemoHostOptions, 'dataDir'> = {}): Promise<TestDemoHost> {
  const host = createDemoHost({ ...options, dataDir })
  const emulator = await host.emulator()
  return { emulator, dataDir, stop: () => host.close() }
}
