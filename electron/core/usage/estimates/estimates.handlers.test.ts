import { describe, expect, it } from 'vitest'
import { thisMonthEstimates } from './estimates.handlers'
import { memoryEstimatesStore } from './memory-estimates-store'

describe('estimates.month', () => {
  it("sums this month's estimates by profile and bound project, marking profiles the server has figures for", async () => {
    const store = memoryEstimatesStore()
    const at = Date.parse('2026-12-06T12:00:00Z')
    await store.record({ sessionId: 's1', day: '2026-12-02', profile: 'client-a', project: '/w/a', micro: 125_000_000n, at })
    await store.record({ sessionId: 's2', day: '2026-12-03', profile: 'client-a', project: '/w/a', micro: 25_000_000n, at })
    await store.record({ sessionId: 's3', day: '2026-12-03', profile: 'synced', project: null, micro: 900_000_000n, at })
    await store.record({ sessionId: 'old', day: '2026-11-30', profile: 'client-a', project: '/w/a', micro: 1n, at })
    const month = await thisMonthEstimates({ store, serverProfiles: async () => new Set(['synced']), now: () => new Date(2026, 11, 15, 12) })
    expect(month).toEqual({
      month: '2026-12',
      source: 'claude-code',
      profiles: [
        { profile: 'client-a', cost: '1.5', sessions: 2, serverCovered: false },
        { profile: 'synced', cost: '9', sessions: 1, serverCovered: true },
      ],
      projects: [{ directory: '/w/a', profile: 'client-a', cost: '1.5', sessions: 2, serverCovered: false }],
    })
  })

  it('still answers when the server figures cannot be read (nothing marked covered)', async () => {
    const store = memoryEstimatesStore()
    await store.record({ sessionId: 's1', day: '2026-12-02', profile: 'p', project: null, micro: 1_000_000n, at: 1 })
    const month = await thisMonthEstimates({ store, serverProfiles: () => Promise.reject(new Error('cache locked')), now: () => new Date(2026, 11, 15, 12) })
    expect(month.profiles).toEqual([{ profile: 'p', cost: '0.01', sessions: 1, serverCovered: false }])
  })
})
