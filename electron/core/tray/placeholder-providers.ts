import { KeywardError } from '../../../shared/errors'
import type { TrayProviders } from './tray-providers'

/**
 * PLACEHOLDERS, to be replaced by their owners: the usage/budgets engineer replaces `spend`,
 * `budgetState`, `lastSyncedAt` and `syncNow` with the usage store, budgets and sync services;
 * the vault engineer replaces `profiles`, `readKey`, `setDefaultProfile`, and the audit log's
 * reader/appender replaces `recentServed` and `recordCopied`. Until then the tray shows zero
 * spend, no budget, no profiles, and says so instead of pretending.
 * Wire the real ones in `electron/core/core.ts` (`trayProviders`), not here.
 */
export const placeholderTrayProviders: TrayProviders = {
  spend: async () => ({ today: { amount: '0', currency: 'USD' }, monthToDate: { amount: '0', currency: 'USD' } }),
  budgetState: async () => 'none',
  profiles: async () => ({ defaultProfile: null, profiles: [] }),
  recentServed: async () => [],
  lastSyncedAt: async () => null,
  readKey: async (profile) => {
    throw new KeywardError('UNAVAILABLE', `Copying ${profile}'s key is not available yet: the vault is not wired into the tray.`)
  },
  setDefaultProfile: async () => {
    throw new KeywardError('UNAVAILABLE', 'Switching the default profile from the tray is not available yet: the vault is not wired into the tray.')
  },
  syncNow: async () => {
    throw new KeywardError('UNAVAILABLE', 'Sync is not available yet: add an Admin key first (the usage sync is not wired into the tray).')
  },
  recordCopied: async () => {},
}
