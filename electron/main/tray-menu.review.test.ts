import { describe, expect, it, vi } from 'vitest'
import type { TraySummary } from '../../shared/contract/tray.contract'
import { buildTrayMenu, reviewLabel, trayTooltip } from './tray-menu'

vi.mock('electron', () => ({}))

const summary: TraySummary = {
  today: { amount: '0', currency: 'USD' },
  monthToDate: { amount: '0', currency: 'USD' },
  budgetState: 'none',
  defaultProfile: null,
  profiles: [],
  recentProjects: [],
  lastSyncedAt: null,
  dataRefreshedAt: null,
}
const state = { locale: 'en-US', now: new Date('2026-11-20T12:00:00Z'), home: '/home/u', loginItem: null, syncing: false, error: null }

describe('tray review line', () => {
  it('counts open high findings and opens Review', () => {
    expect(reviewLabel(3)).toBe('Review: 3 high findings')
    expect(reviewLabel(1)).toBe('Review: 1 high finding')
    expect(reviewLabel(0)).toBe('Review: no high findings')
    const item = buildTrayMenu({ ...summary, reviewHigh: 2 }, state).find((i) => i.type === 'normal' && i.label.startsWith('Review'))
    expect(item).toMatchObject({ label: 'Review: 2 high findings', enabled: true, action: { kind: 'open', screen: 'review' } })
  })
  it('adds open high findings to the tooltip, and nothing when there are none', () => {
    expect(
      trayTooltip({ ...summary, reviewHigh: 2 }, state)
        .split('\n')
        .at(-1),
    ).toBe('Review: 2 high findings')
    expect(trayTooltip({ ...summary, reviewHigh: 0 }, state)).not.toContain('Review')
  })
  it('shows no line without orgs', () => {
    expect(buildTrayMenu({ ...summary, reviewHigh: null }, state).some((i) => i.type === 'normal' && i.label.startsWith('Review'))).toBe(false)
    expect(buildTrayMenu(summary, state).some((i) => i.type === 'normal' && i.label.startsWith('Review'))).toBe(false)
  })
})

describe('tray service review count', () => {
  it('passes the review count through, and a failing review reads as unknown', async () => {
    const { createTrayService } = await import('../core/serving/tray/tray-service')
    const base = {
      spend: async () => ({ today: { amount: '0', currency: 'USD' }, monthToDate: { amount: '0', currency: 'USD' } }),
      budgetState: async () => 'none' as const,
      profiles: async () => ({ defaultProfile: null, profiles: [] }),
      recentServed: async () => [],
      lastSyncedAt: async () => null,
      dataRefreshedAt: async () => null,
      readKey: async () => '',
      setDefaultProfile: async () => {},
      syncNow: async () => {},
      recordCopied: async () => {},
    }
    expect((await createTrayService({ ...base, reviewHigh: async () => 4 }).summary()).reviewHigh).toBe(4)
    expect((await createTrayService({ ...base, reviewHigh: async () => Promise.reject(new Error('offline')) }).summary()).reviewHigh).toBeNull()
  })
})
