import { test } from '@playwright/test'
import { type RunningDaemon, startDaemon } from './daemon'
import { type SeededDemo, startSeededDemo } from './seeded-demo'

/**
 * One daemon for a whole spec file: `start` runs before its tests and the daemon stops after them.
 * Returns the daemon's getter, for use inside the file's tests.
 */
function startForSpecFile<T>(start: () => Promise<T>, stop: (started: T) => Promise<void>): () => T {
  let started: T | undefined
  test.beforeAll(async () => {
    started = await start()
  })
  test.afterAll(async () => {
    if (started !== undefined) await stop(started)
  })
  return () => {
    if (started === undefined) throw new Error('the daemon starts in beforeAll: use it inside a test')
    return started
  }
}

/** `keyward daemon --ui --demo` in time zone `timeZone`, for a whole spec file. */
export function startDemoDaemonForSpecFile(timeZone: string): () => RunningDaemon {
  return startForSpecFile(
    () => startDaemon(['--demo'], { TZ: timeZone }),
    (demo) => demo.stop(),
  )
}

/** The demo daemon over seeded projects and a pending rotation (startSeededDemo), for a whole spec file. */
export function startSeededDemoForSpecFile(timeZone: string): () => SeededDemo {
  return startForSpecFile(
    () => startSeededDemo(timeZone),
    (seeded) => seeded.demo.stop(),
  )
}
