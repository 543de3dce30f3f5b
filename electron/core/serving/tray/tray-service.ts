import type { TraySummary } from '../../../../shared/contract/tray.contract'
import { recentProjectsFrom } from './recent-projects'
import type { TrayProviders } from './tray-providers'

/** How many recent projects the tray lists. */
export const RECENT_PROJECTS_LIMIT = 5

/** How many audit lines to scan for them (the log is newest first; a busy day is a few hundred). */
const AUDIT_SCAN_LIMIT = 500

/** What the tray asks of the core. Only `summary` crosses the contract; the rest stay in the main process. */
export interface TrayService {
  /** The one-glance summary behind the tray menu and tooltip (`tray.summary`). */
  summary(): Promise<TraySummary>
  /** The key for "Copy key": main puts it on the clipboard and never sends it anywhere else. */
  readKeyForClipboard(profile: string): Promise<string>
  /** Switches the default profile from the tray's switcher. */
  setDefaultProfile(profile: string): Promise<void>
  /** "Sync now". */
  syncNow(): Promise<void>
}

/** Builds the tray service over its providers; `now` is injected so tests pin the day. */
export function createTrayService(providers: TrayProviders, now: () => Date = () => new Date()): TrayService {
  return {
    async summary() {
      const at = now()
      const [spend, budgetState, profiles, served, lastSyncedAt, reviewHigh, dataRefreshedAt, estimates] = await Promise.all([
        providers.spend(at),
        providers.budgetState(at),
        providers.profiles(),
        providers.recentServed(AUDIT_SCAN_LIMIT),
        providers.lastSyncedAt(),
        providers.reviewHigh ? providers.reviewHigh().catch(() => null) : Promise.resolve(undefined),
        providers.dataRefreshedAt().catch(() => null),
        // An estimate that cannot be read leaves the tray as it was: it is never a reason to fail the summary.
        providers.estimates ? providers.estimates().catch(() => []) : Promise.resolve(undefined),
      ])
      return {
        today: spend.today,
        monthToDate: spend.monthToDate,
        monthEnd: spend.monthEnd ?? null,
        budgetState,
        defaultProfile: profiles.defaultProfile,
        profiles: profiles.profiles.map((p) => ({ name: p.name, hint: p.hint })),
        recentProjects: recentProjectsFrom(served, RECENT_PROJECTS_LIMIT),
        lastSyncedAt,
        dataRefreshedAt,
        ...(reviewHigh !== undefined && { reviewHigh }),
        ...(estimates !== undefined && estimates.length > 0 && { estimates: estimates.map((e) => ({ profile: e.profile, amount: e.amount })) }),
      }
    },
    async readKeyForClipboard(profile) {
      const key = await providers.readKey(profile)
      await providers.recordCopied(profile)
      return key
    },
    setDefaultProfile: (profile) => providers.setDefaultProfile(profile),
    syncNow: () => providers.syncNow(),
  }
}
