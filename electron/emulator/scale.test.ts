/**
 * Memory stays bounded however large the org or however long the sync: the day cache keeps at
 * most a window's worth of days once a day's sums are large, and the report cache keeps reports
 * up to its byte budget (always the newest). A mid-sized org is synced whole here, untimed; the
 * 20,000-key figure is `bench/emulator-scale.mjs`'s.
 */
import { describe, expect, it } from 'vitest'
import { keylessSeed } from './people'
import { ReportCache, type ReportContext } from './report'
import { parseReportQuery } from './report-query'
import { RefreshSchedule } from './revisions'
import { seedOrg } from './seed-data'
import { HOUR_MS, isoOfHour } from './time'
import { emptyMetrics, M, MIN_CACHED_DAYS, UsageGenerator } from './usage-generator'
import { MODELS } from './models'

const NOW = Date.parse('2026-12-06T13:20:00Z')
const DAY = 24

describe('bounded memory at scale', () => {
  it('keeps at most MIN_CACHED_DAYS days of sums when a day is larger than the byte budget allows more of', () => {
    const state = seedOrg({ seed: 3, keys: 200, days: 90, now: new Date(NOW) })
    const gen = new UsageGenerator(3, 120, null, 1) // one byte: the floor applies
    gen.registerKeys(state.apiKeys.length)
    const asOf = new RefreshSchedule(3, NOW).asOf()
    const today = Math.floor(NOW / HOUR_MS / DAY)
    const out = emptyMetrics()
    for (let d = today - 89; d < today; d++)
      for (const key of state.apiKeys) for (let m = 0; m < MODELS.length; m++) gen.addRange(key, m, d * DAY, (d + 1) * DAY, { dataStartHour: state.dataStartHour, asOf }, out)
    expect(out[M.requests]).toBeGreaterThan(0)
    expect(gen.cachedDays()).toBe(MIN_CACHED_DAYS)
  })

  it('syncs 90 days of a 1,000-key, 250-person org grouped every way with the report cache under its budget', () => {
    const state = seedOrg({ seed: 5, keys: 1000, days: 90, now: new Date(NOW), people: 250 })
    const ctx: ReportContext = { state, generator: new UsageGenerator(5), keylessGenerator: new UsageGenerator(keylessSeed(5)), asOf: new RefreshSchedule(5, NOW).asOf() }
    const budget = 4 * 1024 * 1024
    const cache = new ReportCache(budget)
    const end = Math.floor(NOW / HOUR_MS)
    let rows = 0
    for (let from = end - 90 * DAY; from < end; from += 31 * DAY) {
      const to = Math.min(from + 31 * DAY, end)
      for (const kind of ['usage', 'cost'] as const) {
        const q = new URLSearchParams({ starting_at: isoOfHour(from), ending_at: isoOfHour(to), time_bucket_width: '1d' })
        for (const g of ['api_key_id', 'workspace_id', 'model', 'actor', 'product']) q.append('group_by[]', g)
        const report = cache.rows(parseReportQuery(kind, q, NOW), ctx)
        if (kind === 'usage') rows += report.count
        const held = cache.held()
        expect(held.reports === 1 || held.bytes <= budget, JSON.stringify(held)).toBe(true)
        // Usage and cost of one window share their rows: the cost report added a sort order, not a second copy.
        expect(held.reports).toBeLessThanOrEqual(2)
      }
    }
    expect(rows).toBeGreaterThan(100_000)
    expect(ctx.generator.cachedDays()).toBeLessThanOrEqual(120)
  }, 120_000)
})
