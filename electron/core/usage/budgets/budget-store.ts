import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { z } from 'zod'
import { Budget } from '../../../../shared/contract/budgets.contract'
import { KeywardError } from '../../../../shared/errors'
import { writeStateFile } from '../../platform/config/atomic-write'
import { withFileLock } from '../../platform/config/file-lock'
import { readStateFile } from '../../platform/fs/safe-file'

/** The budgets file: budgets, and which thresholds already fired in which period (so a restart never repeats one). */
const BudgetsFile = z.object({
  version: z.literal(1),
  budgets: z.array(Budget),
  /**
   * Budget id → the period key (`2026-03` or `2026-03-14`), the thresholds fired in it, and whether
   * its "on track to exceed" projection warning fired in it.
   */
  fired: z.record(z.string(), z.object({ period: z.string(), thresholds: z.array(z.number()), projected: z.boolean().optional() })),
})
type BudgetsFile = z.infer<typeof BudgetsFile>

/** Local budgets in `<dataDir>/budgets.json`, written atomically under a lock. */
export interface BudgetStore {
  read(): Promise<BudgetsFile>
  update(change: (current: BudgetsFile) => BudgetsFile): Promise<BudgetsFile>
}

/** A fresh id for a budget. */
export const newBudgetId = (): string => `bud_${randomBytes(6).toString('hex')}`

/** Opens the budget store of `dataDir`. */
export function createBudgetStore(dataDir: string): BudgetStore {
  const path = join(dataDir, 'budgets.json')
  const read = async (): Promise<BudgetsFile> => {
    // A link, a FIFO or another user's file is refused (UnsafeFileError names it), never followed.
    const text = await readStateFile(path)
    if (text === null) return { version: 1, budgets: [], fired: {} }
    const parsed = (() => {
      try {
        return BudgetsFile.safeParse(JSON.parse(text))
      } catch {
        return null
      }
    })()
    if (!parsed?.success) throw new KeywardError('CONFIG_CORRUPT', `the budgets file ${path} could not be read; fix it or delete it to start without budgets.`)
    return parsed.data
  }
  return {
    read,
    update: (change) =>
      withFileLock(`${path}.lock`, async () => {
        const next = change(await read())
        await writeStateFile(path, `${JSON.stringify(next, null, 2)}\n`)
        return next
      }),
  }
}

/** The budgets that name `channel`, as "budget ID" (a channel still named is not removed). */
export async function budgetsNaming(store: Pick<BudgetStore, 'read'>, channel: string): Promise<string[]> {
  return (await store.read()).budgets.filter((b) => b.channels?.includes(channel)).map((b) => `budget ${b.id}`)
}
