import { describe, expect, it, vi } from 'vitest'
import type { TraySummary } from '../../shared/contract/tray.contract'
import { createTrayService } from '../core/serving/tray/tray-service'
import type { TrayProviders } from '../core/serving/tray/tray-providers'
import { buildTrayMenu } from './tray-menu'

vi.mock('electron', () => ({}))

const summary: TraySummary = {
  today: { amount: '2', currency: 'USD' },
  monthToDate: { amount: '10', currency: 'USD' },
  budgetState: 'none',
  defaultProfile: null,
  profiles: [],
  recentProjects: [],
  lastSyncedAt: null,
  dataRefreshedAt: null,
}
const state = { locale: 'en-US', now: new Date('2026-11-20T12:00:00Z'), home: '/home/u', loginItem: null, syncing: false, error: null }
const labels = (s: TraySummary) => buildTrayMenu(s, state).flatMap((i) => (i.type === 'normal' ? [i.label] : []))

describe("the tray and Claude Code's estimates", () => {
  it('shows each estimate labelled as one, apart from the synced month total, and opens Profiles', () => {
    const items = buildTrayMenu({ ...summary, estimates: [{ profile: 'client-x', amount: '3.456' }] }, state)
    const line = items.find((i) => i.type === 'normal' && i.label.startsWith('client-x'))
    expect(line).toMatchObject({ label: "client-x: ≈ $3.46 this month (Claude Code's estimate)", action: { kind: 'open', screen: 'profiles' } })
    // The synced total is unchanged by it.
    expect(labels({ ...summary, estimates: [{ profile: 'client-x', amount: '3.456' }] })).toContain('This month: $10.00')
    expect(labels(summary).some((l) => l.includes('estimate'))).toBe(false)
  })

  it('the summary carries what the provider gives, and nothing when it fails', async () => {
    const providers = {
      spend: async () => ({ today: summary.today, monthToDate: summary.monthToDate }),
      budgetState: async () => 'none' as const,
      profiles: async () => ({ defaultProfile: null, profiles: [] }),
      recentServed: async () => [],
      lastSyncedAt: async () => null,
      dataRefreshedAt: async () => null,
    } as unknown as TrayProviders
    const ok = await createTrayService({ ...providers, estimates: async () => [{ profile: 'p', amount: '1.5' }] }).summary()
    expect(ok.estimates).toEqual([{ profile: 'p', amount: '1.5' }])
    const failed = await createTrayService({ ...providers, estimates: () => Promise.reject(new Error('damaged')) }).summary()
    expect(failed.estimates).toBeUndefined()
    expect(failed.monthToDate).toEqual(summary.monthToDate)
  })
})
