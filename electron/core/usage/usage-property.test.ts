import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, localDateOf } from '../../../shared/calendar'
import type { UsageGroupBy } from '../../../shared/contract/usage.contract'
import { fromAmount, parseCents } from '../../../shared/money'
import type { TruthQuery } from '../../emulator'
import { FEDERATED_PREFIX } from './actor-id'
import { SPECIAL } from './usage-groups'
import { startSyncedUsageKitForFile } from './synced-usage-kit.test-support'

const NOW = new Date('2026-04-20T14:25:00Z') // the night Europe changes to summer time (29 March) is inside the data; the API refuses data before 2026-01-01
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland', 'America/Los_Angeles']
const kit = startSyncedUsageKitForFile({ seed: 7, keys: 10, days: 75 }, NOW)

describe('usage totals against the emulator ground truth', () => {
  it('equal the emulator totals exactly for 200 random ranges and groupings', async () => {
    const truthOf = (from: string, to: string, filter: Omit<TruthQuery, 'startingAt' | 'endingAt'>) => kit().emulator.totals({ startingAt: from, endingAt: to, ...filter })
    // The API's own filter for each group: special groups are the usage with no key, actor or product.
    const filterOf = (groupBy: UsageGroupBy, id: string): Omit<TruthQuery, 'startingAt' | 'endingAt'> => {
      switch (groupBy) {
        case 'key':
          return { apiKeyIds: [id === SPECIAL.none ? '' : id] }
        case 'model':
          return { models: [id] }
        case 'workspace':
          return { workspaceIds: [id] }
        case 'user':
          return { actors: [id === SPECIAL.noActor ? '' : id.startsWith(FEDERATED_PREFIX) ? id.slice(1) : id] }
        case 'product':
          return { products: [id === SPECIAL.noProduct ? null : id] }
        default:
          throw new Error(`no API filter for ${groupBy}`)
      }
    }
    const seenGroups = new Set<string>()
    let groupsChecked = 0
    let nonZero = 0
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 95 }),
        fc.integer({ min: 0, max: 45 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom<UsageGroupBy>('key', 'model', 'workspace', 'user', 'product'),
        async (startBack, length, timeZone, groupBy) => {
          const today = localDateOf(NOW.getTime(), timeZone)
          const from = addDays(today, -startBack)
          const to = addDays(from, length) > today ? today : addDays(from, length)
          const summary = await kit().queries.summary({ range: { from, to, timeZone }, groupBy })
          expect(summary.coveredFrom).not.toBeNull()
          const start = summary.coveredFrom!
          const end = summary.coveredTo!
          const all = truthOf(start, end, {})
          expect(fromAmount(summary.total.cost)).toBe(parseCents(all.amount))
          expect(summary.total.totalTokens).toBe(all.totalTokens)
          expect(summary.total.requests).toBe(all.requests)
          if (all.totalTokens > 0) nonZero += 1
          for (const group of summary.groups) {
            const truth = truthOf(start, end, filterOf(groupBy, group.id))
            seenGroups.add(`${groupBy}:${group.kind}:${group.id.startsWith(FEDERATED_PREFIX) ? 'federated' : group.id.replace(/_.*/, '')}`)
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
    // Every kind of person group was compared: users, service accounts, keys, federated and unattributed; and products.
    for (const kind of ['user:group:user', 'user:group:svac', 'user:group:apikey', 'user:group:federated', 'user:unattributed:~unattributed', 'product:group:claude']) {
      expect(seenGroups.has(kind)).toBe(true)
    }
  }, 120_000)
})
