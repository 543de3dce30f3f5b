import { z } from 'zod'
import { everywhere, procedure } from './procedure'

/** An amount of money as the tray shows it: a decimal string (never a float) and its currency. */
export const TrayMoney = z.object({ amount: z.string().regex(/^-?\d+(\.\d+)?$/), currency: z.string().length(3) })
export type TrayMoney = z.infer<typeof TrayMoney>

/** How spend stands against the local budgets; `none` when no budget is set (or budgets are not wired yet). */
export const TrayBudgetState = z.enum(['ok', 'warning', 'exceeded', 'none'])
export type TrayBudgetState = z.infer<typeof TrayBudgetState>

/** A profile in the tray's switcher: its name and masked hint, never the key. */
export const TrayProfile = z.object({ name: z.string(), hint: z.string() })
export type TrayProfile = z.infer<typeof TrayProfile>

/** A project that was recently served a key. */
export const TrayRecentProject = z.object({ directory: z.string(), profile: z.string(), at: z.string() })
export type TrayRecentProject = z.infer<typeof TrayRecentProject>

/** The month-end projection across every org, as the range people are shown (rounded outward). */
export const TrayMonthEnd = z.object({ low: TrayMoney.shape.amount, high: TrayMoney.shape.amount, currency: z.string().length(3) })
export type TrayMonthEnd = z.infer<typeof TrayMonthEnd>

/** Everything the tray menu and its tooltip show, in one call. */
export const TraySummary = z.object({
  today: TrayMoney,
  monthToDate: TrayMoney,
  /** Projected month end; absent or null when too early in the month (or nothing is synced). */
  monthEnd: TrayMonthEnd.nullable().optional(),
  budgetState: TrayBudgetState,
  defaultProfile: z.string().nullable(),
  profiles: z.array(TrayProfile),
  recentProjects: z.array(TrayRecentProject),
  lastSyncedAt: z.string().nullable(),
  /** The newest `data_refreshed_at` across the orgs ("data as of …"); null before any sync. */
  dataRefreshedAt: z.string().nullable(),
  /**
   * Claude Code's estimates of this month's sessions for profiles no synced org has figures for
   * (estimates.month), labelled as estimates by whoever shows them and never part of `monthToDate`.
   */
  estimates: z.array(z.object({ profile: z.string(), amount: TrayMoney.shape.amount })).optional(),
  /** Open (not accepted) high-severity review findings across the orgs; null without orgs or before a review could run. */
  reviewHigh: z.number().int().min(0).nullable().optional(),
})
export type TraySummary = z.infer<typeof TraySummary>

/** Procedures the tray (and anything else wanting a one-glance summary) calls. */
export const trayProcedures = {
  'tray.summary': procedure(z.object({}).strict(), TraySummary, everywhere),
}
