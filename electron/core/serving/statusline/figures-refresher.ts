import { systemTimeZone } from '../../../../shared/calendar'
import { createServingConfigReader } from '../../platform/config/serving-config'
import { writeStatuslineFigures } from './figures-file'
import { localZoneWithoutIntl } from './local-zone'
import { readBudgets } from './spend-sums'

/*
 * Rewrites the status line's figures file (figures-file.ts) after each org's sync, in the host that
 * syncs (the app or the daemon). One rewrite at a time: a sync that ends while one runs gets one more
 * after it. A failure is logged and left: the line then reads the store, as without the file.
 */

/** Refreshes the figures file; never rejects. */
export interface FiguresRefresher {
  refresh(): Promise<void>
}

export function createFiguresRefresher(dataDir: string, log: (line: string) => void, now: () => Date = () => new Date()): FiguresRefresher {
  const readConfig = createServingConfigReader(dataDir)
  let running: Promise<void> | null = null
  let again = false
  const once = async (): Promise<void> => {
    // The zone the status line names for itself (statuslineTimeZone), without setting this process's Date zone.
    const context = { config: await readConfig(), budgets: readBudgets(dataDir), now: now(), timeZone: localZoneWithoutIntl() ?? systemTimeZone() }
    await writeStatuslineFigures(dataDir, context)
  }
  const run = async (): Promise<void> => {
    do {
      again = false
      await once().catch((error: unknown) => log(`the status line's figures were not written (${error instanceof Error ? error.message : String(error)}); it reads the usage store instead`))
    } while (again)
    running = null
  }
  return {
    refresh() {
      if (running !== null) {
        again = true
        return running
      }
      running = run()
      return running
    },
  }
}
