import { join } from 'node:path'
import { z } from 'zod'
import { SpikeAlert, SpikeRule } from '../../../../shared/contract/alerts.contract'
import { KeywardError } from '../../../../shared/errors'
import { writeStateFile } from '../../platform/config/atomic-write'
import { withFileLock } from '../../platform/config/file-lock'
import { readStateFile } from '../../platform/fs/safe-file'

/** The spike alerts file: the rule, which subjects already alerted on which UTC day, and the recent alerts. */
export const SpikeFile = z.object({
  version: z.literal(1),
  rule: SpikeRule,
  /** `org|groupBy|subject` → the UTC dates (`YYYY-MM-DD`) it already alerted on, newest last (a week kept). */
  fired: z.record(z.string(), z.array(z.string())),
  recent: z.array(SpikeAlert),
})
export type SpikeFile = z.infer<typeof SpikeFile>

/** The rule until the user sets one: more than 5× the median hour, and at least $10. */
export const DEFAULT_SPIKE_RULE: SpikeRule = { enabled: true, multiplier: 5, minAmount: '10', channels: [] }

/** An empty file with the default rule. */
export const emptySpikeFile = (): SpikeFile => ({ version: 1, rule: DEFAULT_SPIKE_RULE, fired: {}, recent: [] })

/** Where spike alerts keep their state; `createSpikeStore` on disk, `memorySpikeStore` for tests. */
export interface SpikeStore {
  read(): Promise<SpikeFile>
  update(change: (current: SpikeFile) => SpikeFile): Promise<SpikeFile>
}

/** The spike state in `<dataDir>/spike-alerts.json`, written atomically under a lock, so a restart never repeats an alert. */
export function createSpikeStore(dataDir: string): SpikeStore {
  const path = join(dataDir, 'spike-alerts.json')
  const read = async (): Promise<SpikeFile> => {
    // A link, a FIFO or another user's file is refused (UnsafeFileError names it), never followed.
    const text = await readStateFile(path)
    if (text === null) return emptySpikeFile()
    const parsed = (() => {
      try {
        return SpikeFile.safeParse(JSON.parse(text))
      } catch {
        return null
      }
    })()
    if (!parsed?.success) throw new KeywardError('CONFIG_CORRUPT', `the spike alerts file ${path} could not be read; fix it or delete it to start again with the default rule.`)
    return parsed.data
  }
  return {
    read,
    update: (change) =>
      withFileLock(`${path}.lock`, async () => {
        const next = SpikeFile.parse(change(await read()))
        await writeStateFile(path, `${JSON.stringify(next, null, 2)}\n`)
        return next
      }),
  }
}
