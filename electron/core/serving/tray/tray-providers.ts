import type { TrayBudgetState, TrayMoney, TrayMonthEnd, TrayProfile } from '../../../../shared/contract/tray.contract'

/** Today's and this month's spend, as decimal strings, and the projected month end when there is one. */
export interface TraySpend {
  readonly today: TrayMoney
  readonly monthToDate: TrayMoney
  readonly monthEnd?: TrayMonthEnd | null
}

/** The profiles the tray can switch between and copy from. */
export interface TrayProfiles {
  readonly defaultProfile: string | null
  readonly profiles: readonly TrayProfile[]
}

/**
 * The small functions the tray service reads and acts through. Each is owned by another service
 * (usage, budgets, vault, audit, sync); the composition root (`core.ts`) wires them from
 * `vaultTrayProviders` and the usage module's `tray`.
 */
export interface TrayProviders {
  /** Spend for the local day and month containing `now`. */
  spend(now: Date): Promise<TraySpend>
  /** The worst state across all local budgets. */
  budgetState(now: Date): Promise<TrayBudgetState>
  /** Profile names, masked hints and the default. */
  profiles(): Promise<TrayProfiles>
  /** Audit-style entries, newest first, that `recentProjectsFrom` turns into recent projects. */
  recentServed(limit: number): Promise<readonly ServedEntry[]>
  /** When usage was last synced, ISO-8601, or null if never. */
  lastSyncedAt(): Promise<string | null>
  /** The newest `data_refreshed_at` across the orgs ("data as of …"), ISO-8601, or null before any sync. */
  dataRefreshedAt(): Promise<string | null>
  /** Reads one profile's key from the keychain; only the Electron main process calls this (for "Copy key"). */
  readKey(profile: string): Promise<string>
  /** Makes `profile` the default. */
  setDefaultProfile(profile: string): Promise<void>
  /** Starts a usage sync now and resolves when it ends. */
  syncNow(): Promise<void>
  /** Open high review findings across the orgs (null without orgs); optional so hosts without a review report none. */
  reviewHigh?(): Promise<number | null>
  /** Claude Code's estimates this month for profiles no synced org covers (dollars); optional, none when absent. */
  estimates?(): Promise<ReadonlyArray<{ profile: string; amount: string }>>
  /** Records that a key was copied to the clipboard (the audit log's `key.copied`). */
  recordCopied(profile: string): Promise<void>
}

/** One audit-log line as far as the tray cares: which profile was served to which directory, when. */
export interface ServedEntry {
  readonly time: string
  readonly event: string
  readonly profile?: string | undefined
  readonly directory?: string | undefined
}
