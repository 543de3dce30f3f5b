import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, localDateOf } from '../../../shared/calendar'
import type { UsageGroupBy } from '../../../shared/contract/usage.contract'
import { fromAmount, parseCents } from '../../../shared/money'
import { type UsageTestKit, startUsageTestKit } from './usage-test-kit'

const NOW = new Date('2026-03-29T14:25:00Z') // the night Europe changes to summer time is inside the data
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland', 'America/Los_Angeles']
let kit: UsageTestKit

beforeAll(async () => {
  kit = await startUsageTestKit({ emulator: { seed: 7, keys: 10, days: 75, now: () => NOW }, now: () => NOW })
  const [status] = await kit.sync.syncNow()
  expect(status?.lastError).toBeNull()
}, 60_000)
afterAll(async () => kit?.close())

describe('usage totals against the emulator ground truth', () => {
  it('equal the emulator totals exactly for 200 random ranges and groupings', async () => {
    const truthOf = (from: string, to: string, filter: { apiKeyIds?: string[]; models?: string[]; workspaceIds?: string[] }) =>
      kit.emulator.totals({ startingAt: from, endingAt: to, ...filter })
    let groupsChecked = 0
    let nonZero = 0
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 95 }),
        fc.integer({ min: 0, max: 45 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom<UsageGroupBy>('key', 'model', 'workspace'),
        async (startBack, length, timeZone, groupBy) => {
          const today = localDateOf(NOW.getTime(), timeZone)
          const from = addDays(today, -startBack)
          const to = addDays(from, length) > today ? today : addDays(from, length)
          const summary = await kit.queries.summary({ range: { from, to, timeZone }, groupBy })
          expect(summary.coveredFrom).not.toBeNull()
          const start = summary.coveredFrom!
          const end = summary.coveredTo!
          const all = truthOf(start, end, {})
          expect(fromAmount(summary.total.cost)).toBe(parseCents(all.amount))
          expect(summary.total.totalTokens).toBe(all.totalTokens)
          expect(summary.total.requests).toBe(all.requests)
          if (all.totalTokens > 0) nonZero += 1
          for (const group of summary.groups) {
            const filter = groupBy === 'key' ? { apiKeyIds: [group.id] } : groupBy === 'model' ? { models: [group.id] } : { workspaceIds: [group.id] }
            const truth = truthOf(start, end, filter)
            expect(fromAmount(group.totals.cost)).toBe(parseCents(truth.amount))
            expect(group.totals.totalTokens).toBe(truth.totalTokens)
            expect(group.totals.outputTokens).toBe(truth.outputTokens)
            expect(group.totals.cacheReadTokens).toBe(truth.cacheReadTokens)
            groupsChecked += 1
          }
        },
      ),
      { numRuns: 200, seed: 20260329 },
    )
    // Not vacuous: most ranges have usage, and hundreds of groups were compared one by one.
    expect(nonZero).toBeGreaterThan(150)
    expect(groupsChecked).toBeGreaterThan(500)
  }, 120_000)
})
