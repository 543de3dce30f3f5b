import { describe, expect, it } from 'vitest'
import { groundTruthTotals } from './ground-truth'
import { MODELS } from './models'
import { seedOrg } from './seed-data'
import { HOUR_MS } from './time'
import { emptyMetrics, M, UsageGenerator } from './usage-generator'
import { RefreshSchedule } from './revisions'

const NOW = new Date('2026-11-20T15:30:00Z')

describe('usage generator', () => {
  it('computes each cell from (seed, key, model, hour) alone', () => {
    const a = new UsageGenerator(5)
    const b = new UsageGenerator(5)
    const hour = Math.floor(NOW.getTime() / HOUR_MS) - 30
    for (let key = 0; key < 20; key++) {
      for (let m = 0; m < MODELS.length; m++) {
        const x = emptyMetrics()
        const y = emptyMetrics()
        a.addCell(key, m, hour, x)
        b.addCell(key, m, hour, y)
        expect([...x]).toEqual([...y])
      }
    }
  })

  it('prices every cell exactly: cost = Σ tokens × list price, in integer micro-cents', () => {
    const gen = new UsageGenerator(3)
    let busy = 0
    for (let h = 490_000; h < 490_200; h++) {
      for (let m = 0; m < MODELS.length; m++) {
        const cell = emptyMetrics()
        if (!gen.addCell(1, m, h, cell)) continue
        busy++
        const p = MODELS[m]!.price
        const expected =
          cell[M.uncached]! * p.uncachedInput + cell[M.cacheWrite5m]! * p.cacheWrite5m + cell[M.cacheWrite1h]! * p.cacheWrite1h + cell[M.cacheRead]! * p.cacheRead + cell[M.output]! * p.output
        expect(cell[M.cost]).toBe(expected)
        for (const v of cell) expect(Number.isSafeInteger(v)).toBe(true)
        expect(cell[M.cost]!).toBeLessThanOrEqual(100_000_000)
        expect(cell[M.requests]!).toBeGreaterThanOrEqual(1)
      }
    }
    expect(busy).toBeGreaterThan(0)
  })

  it('gives the same range sums through the day cache as hour by hour', () => {
    const state = seedOrg({ seed: 11, keys: 25, days: 10, now: NOW })
    const gen = new UsageGenerator(11)
    gen.registerKeys(state.apiKeys.length)
    const nowHour = Math.floor(NOW.getTime() / HOUR_MS)
    const clip = { dataStartHour: state.dataStartHour, asOf: new RefreshSchedule(11, NOW.getTime()).asOf() }
    const from = nowHour - 9 * 24 - 5
    const viaCache = emptyMetrics()
    for (const key of state.apiKeys) for (let m = 0; m < MODELS.length; m++) gen.addRange(key, m, from, nowHour + 3, clip, viaCache)
    expect(gen.cachedDays()).toBeGreaterThan(0)
    const truth = groundTruthTotals(state, { keys: new UsageGenerator(11), keyless: new UsageGenerator(1) }, clip.asOf, {
      startingAt: new Date(from * HOUR_MS),
      endingAt: new Date((nowHour + 3) * HOUR_MS),
      apiKeyIds: state.apiKeys.map((k) => k.wire.id),
    })
    expect(viaCache[M.cost]).toBe(truth.costMicroCents)
    expect(viaCache[M.output]).toBe(truth.outputTokens)
    expect(viaCache[M.requests]).toBe(truth.requests)
  })

  it('reports nothing before a key exists, after it stops, or in the unfinished current hour', () => {
    const state = seedOrg({ seed: 2, keys: 30, days: 5, now: NOW })
    const gen = new UsageGenerator(2)
    gen.registerKeys(state.apiKeys.length)
    const nowHour = Math.floor(NOW.getTime() / HOUR_MS)
    const key = state.apiKeys.find((k) => k.usageEndHour !== null && k.usageEndHour > state.dataStartHour) ?? state.apiKeys[0]!
    key.usageEndHour = nowHour - 10
    const after = emptyMetrics()
    for (let m = 0; m < MODELS.length; m++) gen.addRange(key, m, nowHour - 10, nowHour + 48, { dataStartHour: state.dataStartHour, asOf: new RefreshSchedule(2, NOW.getTime()).asOf() }, after)
    expect(after[M.requests]).toBe(0)
    const beforeData = emptyMetrics()
    for (let m = 0; m < MODELS.length; m++)
      gen.addRange(key, m, state.dataStartHour - 48, state.dataStartHour, { dataStartHour: state.dataStartHour, asOf: new RefreshSchedule(2, NOW.getTime()).asOf() }, beforeData)
    expect(beforeData[M.requests]).toBe(0)
  })

  it('builds a 2,000-key, 90-day org lazily: records per key only, no usage rows until asked', () => {
    const state = seedOrg({ seed: 1, keys: 2000, days: 90, now: NOW })
    const gen = new UsageGenerator(1)
    gen.registerKeys(state.apiKeys.length)
    expect(state.apiKeys.length).toBe(2000)
    expect(gen.cachedDays()).toBe(0)
    // The state holds records, never usage rows: nothing in it grows with keys × models × hours.
    const json = JSON.stringify({ ...state, members: [...state.members], workspaceRateLimits: [] })
    expect(json.length).toBeLessThan(2000 * 1200)
    // One day across every key is one cached Float64Array of per-(key, model) sums.
    const sum = emptyMetrics()
    const day = Math.floor(NOW.getTime() / HOUR_MS / 24) - 3
    for (const key of state.apiKeys)
      for (let m = 0; m < MODELS.length; m++)
        gen.addRange(key, m, day * 24, day * 24 + 24, { dataStartHour: state.dataStartHour, asOf: new RefreshSchedule(1, (day * 24 + 100) * HOUR_MS).asOf() }, sum)
    expect(gen.cachedDays()).toBe(1)
    expect(sum[M.requests]).toBeGreaterThan(0)
  })
})
