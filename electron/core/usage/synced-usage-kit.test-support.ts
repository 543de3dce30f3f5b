import { afterAll, beforeAll, expect } from 'vitest'
import type { EmulatorOptions } from '../../emulator'
import { type UsageTestKit, startUsageTestKit } from './usage.test-support'

/**
 * One kit for a whole test file: started before its tests on an emulator built from `emulator` with
 * the clock pinned at `now`, synced once (the sync must finish without an error), closed after them.
 * Returns the kit's getter, for use inside the file's tests.
 */
export function startSyncedUsageKitForFile(emulator: Omit<EmulatorOptions, 'now'>, now: Date): () => UsageTestKit {
  let kit: UsageTestKit | undefined
  beforeAll(async () => {
    kit = await startUsageTestKit({ emulator: { ...emulator, now: () => now }, now: () => now })
    const [status] = await kit.sync.syncNow()
    expect(status?.lastError).toBeNull()
  }, 60_000)
  afterAll(async () => kit?.close())
  return () => {
    if (!kit) throw new Error('the usage kit starts in beforeAll: use it inside a test')
    return kit
  }
}
