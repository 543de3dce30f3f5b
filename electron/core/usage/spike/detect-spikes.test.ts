import { describe, expect, it } from 'vitest'
import { BASELINE, baselineAt, breaks, detectSpikes, medianOf } from './detect-spikes'

const $ = (dollars: number): bigint => BigInt(Math.round(dollars * 100)) * 1_000_000n
const RULE = { multiplier: 5, minMicro: $(10) }
/** Hour numbers of 2026-11-30 22:00 UTC and the next few: a month edge. */
const NOV30_22 = Date.parse('2026-11-30T22:00:00Z') / 3_600_000

describe('spike baseline', () => {
  it('is the median of the trailing hours with spend', () => {
    expect(medianOf([$(3), $(1), $(2)])).toBe($(2))
    expect(medianOf([$(1), $(2), $(3), $(4)])).toBe($(2.5))
    expect(medianOf([])).toBe(0n)
    const costs = [0n, $(2), 0n, $(4), $(3), 0n, $(100)]
    expect(baselineAt(costs, 6)).toBe($(3))
  })

  it('is zero with no history, all zeros, or fewer active hours than the minimum', () => {
    expect(baselineAt([], 0)).toBe(0n)
    expect(baselineAt(Array(48).fill(0n), 48)).toBe(0n)
    expect(baselineAt([$(50), $(50), 0n, 0n], 4)).toBe(0n)
    expect(baselineAt([$(50), $(50), $(50), 0n], 4)).toBe($(50))
  })

  it('looks back BASELINE.hours only', () => {
    const costs = [...Array(10).fill($(100)), ...Array(BASELINE.hours).fill($(1)), $(20)]
    expect(baselineAt(costs, costs.length - 1)).toBe($(1))
  })
})

describe('spike rule', () => {
  it('needs more than the multiple and at least the minimum, decided exactly', () => {
    expect(breaks($(50), $(10), RULE)).toBe(false) // exactly 5×: not more
    expect(breaks($(50) + 1n, $(10), RULE)).toBe(true)
    expect(breaks($(9.99), 0n, RULE)).toBe(false) // under the minimum, however far above a zero baseline
    expect(breaks($(10), 0n, RULE)).toBe(true)
    expect(breaks($(26), $(10), { multiplier: 2.5, minMicro: 0n })).toBe(true)
    expect(breaks($(25), $(10), { multiplier: 2.5, minMicro: 0n })).toBe(false)
    expect(breaks(0n, 0n, { multiplier: 5, minMicro: 0n })).toBe(false) // nothing spent is never a spike
  })
})

describe('detectSpikes', () => {
  const steady = (n: number, dollars: number): bigint[] => Array.from({ length: n }, (_, i) => (i % 3 === 2 ? 0n : $(dollars)))

  it('finds the runaway hour of one key, across a month edge, and nothing in steady keys', () => {
    const quiet = { id: 'apikey_quiet', fromHour: NOV30_22 - 40, costs: steady(48, 4) }
    const runaway = { id: 'apikey_runaway', fromHour: NOV30_22 - 40, costs: [...steady(42, 4), $(250), ...steady(5, 4)] }
    const spikes = detectSpikes([quiet, runaway], RULE)
    expect(spikes).toEqual([{ id: 'apikey_runaway', hour: NOV30_22 + 2, cost: $(250), baseline: $(4) }])
    // 2026-12-01 00:00 UTC: the first hour of the new month (no calendar is involved, hours are UTC).
    expect(new Date(spikes[0]!.hour * 3_600_000).toISOString()).toBe('2026-12-01T00:00:00.000Z')
  })

  it('counts hours, not wall clocks: a spike on a DST change day is the same UTC hour it always was', () => {
    // Europe leaves summer time at 01:00 UTC on 2026-10-25; the series knows nothing of it.
    const from = Date.parse('2026-10-24T00:00:00Z') / 3_600_000
    const costs = [...steady(25, 4), $(100), ...steady(10, 4)]
    const [spike] = detectSpikes([{ id: 'k', fromHour: from, costs }], RULE)
    expect(new Date(spike!.hour * 3_600_000).toISOString()).toBe('2026-10-25T01:00:00.000Z')
  })

  it('does not check hours without a day of history before them (the start of the synced window)', () => {
    const early = { id: 'k', fromHour: 0, costs: [$(500), ...Array(BASELINE.minHistoryHours - 1).fill(0n), $(500)] }
    expect(detectSpikes([early], RULE).map((s) => s.hour)).toEqual([BASELINE.minHistoryHours])
  })

  it('treats a key with no spend history as baseline zero: the minimum decides', () => {
    const fresh = { id: 'new', fromHour: 100, costs: [...Array(30).fill(0n), $(11), $(9)] }
    expect(detectSpikes([fresh], RULE)).toEqual([{ id: 'new', hour: 130, cost: $(11), baseline: 0n }])
  })

  it('does not call a busy key’s usual hours spikes, though it is idle most of the day', () => {
    const batch = Array.from({ length: 72 }, (_, i) => (i % 24 < 3 ? $(80) : 0n))
    expect(detectSpikes([{ id: 'batch', fromHour: 0, costs: batch }], RULE)).toEqual([])
  })
})
