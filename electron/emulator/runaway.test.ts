import { describe, expect, it } from 'vitest'
import { resolveRunaway } from './runaway'
import { seedOrg } from './seed-data'
import { UsageGenerator, emptyMetrics, M } from './usage-generator'

const NOW = new Date('2026-12-01T00:40:00Z')
const HOUR = Date.parse('2026-12-01T00:00:00Z') / 3_600_000

describe('runaway-script hour', () => {
  it('picks an active key three hours back by default, and a pinned key and hour when asked', () => {
    const state = seedOrg({ seed: 4, keys: 10, days: 10, now: NOW })
    const r = resolveRunaway(state, {}, NOW.getTime())!
    expect(r.hour).toBe(HOUR - 3)
    const key = state.apiKeys.find((k) => k.index === r.keyIndex)!
    expect(key.wire.status).toBe('active')
    const other = state.apiKeys.find((k) => k.wire.status === 'active' && k.index !== r.keyIndex && k.usageStartHour <= HOUR - 30)!
    expect(resolveRunaway(state, { apiKeyId: other.wire.id, hoursAgo: 5, factor: 50 }, NOW.getTime())).toEqual({ keyIndex: other.index, hour: HOUR - 5, factor: 50 })
    expect(() => resolveRunaway(state, { apiKeyId: 'apikey_nope' }, NOW.getTime())).toThrow(/No key apikey_nope/)
  })

  it('has no runaway hour (rather than failing) in an org with no key old enough', () => {
    const young = seedOrg({ seed: 4, keys: 3, days: 1, now: NOW })
    for (const k of young.apiKeys) k.usageStartHour = HOUR
    expect(resolveRunaway(young, {}, NOW.getTime())).toBeNull()
  })

  it('makes that one cell far bigger than any ordinary hour of the key, and only that one', () => {
    const state = seedOrg({ seed: 4, keys: 10, days: 10, now: NOW })
    const r = resolveRunaway(state, {}, NOW.getTime())!
    const plain = new UsageGenerator(4)
    const runaway = new UsageGenerator(4, undefined, r)
    const cost = (g: UsageGenerator, hour: number) => {
      const out = emptyMetrics()
      for (let m = 0; m < 6; m++) g.addCell(r.keyIndex, m, hour, out)
      return out[M.cost]!
    }
    expect(cost(runaway, r.hour)).toBeGreaterThan(10 * 1e8) // over $10
    for (let h = r.hour - 48; h < r.hour + 3; h++) if (h !== r.hour) expect(cost(runaway, h)).toBe(cost(plain, h))
    expect(cost(plain, r.hour)).toBeLessThan(5 * 1e8)
  })
})
