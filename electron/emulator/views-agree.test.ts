/**
 * The emulator's views of the same money agree, for random orgs and clocks: the effective spend
 * limits' `period_to_date_spend` per person and per scoped key is the cost report's sum for the
 * month so far; the usage and cost reports add up to the same total in every grouping, and to
 * the ground truth; the people view and the key view of the same rows agree. All through the
 * official SDK over HTTP, all in exact decimals, after random refreshes (late-event revisions of
 * open days, on the clock and on demand), as of the watermark the pages carry.
 */
import Anthropic from '@anthropic-ai/sdk'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCents, sumMicro } from '../../shared/money'
import { keyAttributionOf } from './people'
import { startEmulator, type EmulatorHandle } from './server'

type Org = Anthropic['beta']['organization']
type Dimension = 'api_key_id' | 'model' | 'workspace_id' | 'actor' | 'product'
const DIMENSIONS: readonly Dimension[] = ['api_key_id', 'model', 'workspace_id', 'actor', 'product']
const HOUR_MS = 3_600_000
/** Micro-cents dropped below `period_to_date_spend`'s three decimal places of a cent. */
const MILLI = 1000n

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}

const isoOfHour = (hour: number): string => new Date(hour * HOUR_MS).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** The id a spend limit names a report row's actor by (a user's or an API key's), or a label for the other kinds. */
function actorIdOf(actor: { type: string; user_id?: string; api_key_id?: string; service_account_id?: string; subject?: string | null } | null): string {
  if (actor === null) return '(none)'
  return actor.user_id ?? actor.api_key_id ?? actor.service_account_id ?? `federated:${actor.subject ?? ''}`
}

function add(map: Map<string, bigint>, id: string, micro: bigint): void {
  map.set(id, (map.get(id) ?? 0n) + micro)
}

/** Cost rows of a month-to-date report grouped by `dims`, as (group values, micro-cents). */
async function costRows(org: Org, range: { starting_at: string; ending_at: string }, dims: Dimension[]) {
  const rows = await collect(org.analytics.cost.list({ ...range, group_by: dims, limit: 1000 }))
  return rows.map((r) => ({ group: r.group, micro: parseCents(r.cost.amount) }))
}

async function checkOrg(emu: EmulatorHandle, nowMs: number): Promise<void> {
  const client = new Anthropic({ apiKey: emu.adminKey, baseURL: emu.baseURL, maxRetries: 0 })
  const org = client.beta.organization
  const now = new Date(nowMs)
  const fromHour = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) / HOUR_MS
  const watermark = emu.refresh().dataRefreshedAt
  const toHour = Math.floor(Date.parse(watermark) / HOUR_MS) // usage is reported up to the watermark's hour

  const effective = await collect(org.spendLimits.effective.list({ limit: 7 }))
  const spendOf = new Map<string, bigint>()
  for (const row of effective) {
    expect(row.period).toBe('monthly')
    expect(row.currency).toBe('USD')
    expect(row.period_to_date_spend).toMatch(/^(0|[1-9]\d*)(\.\d{0,2}[1-9])?$/) // cents, at most three decimals, no trailing zeros
    const id = row.actor.type === 'user_actor' ? row.actor.user_id : row.actor.scoped_api_key_id
    expect(spendOf.has(id)).toBe(false)
    spendOf.set(id, parseCents(row.period_to_date_spend))
  }
  // One row per member, then one per key whose usage is its own and that is active or spent this month.
  const members = emu.state.users.map((u) => u.id)
  expect(effective.filter((r) => r.actor.type === 'user_actor').map((r) => (r.actor as { user_id: string }).user_id)).toEqual(members)

  if (toHour <= fromHour) {
    // The month's first hour is still in progress: nothing is reported yet, nobody has spent anything.
    for (const spend of spendOf.values()) expect(spend).toBe(0n)
    return
  }
  const range = { starting_at: isoOfHour(fromHour), ending_at: isoOfHour(toHour) }

  // Per person and per key: period_to_date_spend is the cost report's sum for the month so far, cut to a thousandth of a cent.
  const byActor = new Map<string, bigint>()
  for (const r of await costRows(org, range, ['actor'])) add(byActor, actorIdOf(r.group.actor), r.micro)
  const selfKeys = emu.state.apiKeys.filter((k) => keyAttributionOf(emu.state, k).actor?.type === 'api_actor')
  const expectedKeys = selfKeys.filter((k) => k.wire.status === 'active' || (byActor.get(k.wire.id) ?? 0n) > 0n).map((k) => k.wire.id)
  expect(effective.filter((r) => r.actor.type === 'scoped_api_key_actor').map((r) => (r.actor as { scoped_api_key_id: string }).scoped_api_key_id)).toEqual(expectedKeys)
  for (const [id, spend] of spendOf) {
    const cost = byActor.get(id) ?? 0n
    expect(spend, id).toBe((cost / MILLI) * MILLI)
  }

  // Every grouping of the usage and cost reports sums to the same total, and to the ground truth.
  const truth = emu.totals({ startingAt: range.starting_at, endingAt: range.ending_at, asOf: watermark })
  expect((await org.analytics.cost.list({ ...range, limit: 1 })).data_refreshed_at).toBe(watermark)
  for (const dim of DIMENSIONS) {
    const cost = await costRows(org, range, [dim])
    expect(sumMicro(cost.map((r) => r.micro)), `cost by ${dim}`).toBe(parseCents(truth.amount))
    const usage = await collect(org.analytics.usage.list({ ...range, group_by: [dim], limit: 1000 }))
    expect(
      usage.reduce((t, r) => t + r.usage.total_tokens, 0),
      `tokens by ${dim}`,
    ).toBe(truth.totalTokens)
    expect(
      usage.reduce((t, r) => t + (r.usage.requests ?? 0), 0),
      `requests by ${dim}`,
    ).toBe(truth.requests)
  }

  // The people view and the key view of the same cost rows agree: (actor × key) rows summed by
  // actor are the actor grouping, summed by key are the key grouping; a scoped key's spend is its key's cost.
  const byKey = new Map<string, bigint>()
  for (const r of await costRows(org, range, ['api_key_id'])) add(byKey, r.group.api_key_id ?? '(none)', r.micro)
  const crossByActor = new Map<string, bigint>()
  const crossByKey = new Map<string, bigint>()
  for (const r of await costRows(org, range, ['actor', 'api_key_id'])) {
    add(crossByActor, actorIdOf(r.group.actor), r.micro)
    add(crossByKey, r.group.api_key_id ?? '(none)', r.micro)
  }
  expect(crossByActor).toEqual(byActor)
  expect(crossByKey).toEqual(byKey)
  for (const key of selfKeys) expect(byKey.get(key.wire.id) ?? 0n, key.wire.id).toBe(byActor.get(key.wire.id) ?? 0n)
}

describe('the emulator views of the same usage agree', () => {
  it('per person and per key, and in every grouping, for random seeds, org sizes and clocks', async () => {
    let revisedRuns = 0
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom(3, 12, 40),
        fc.constantFrom(2, 45),
        // An instant in 2026 from February on (a whole month of data is possible), often near a month's start.
        fc.oneof(
          fc.integer({ min: Date.parse('2026-02-01T00:00:00Z'), max: Date.parse('2026-12-31T23:59:59Z') }),
          fc.tuple(fc.integer({ min: 1, max: 11 }), fc.integer({ min: 0, max: 3 * 3_600_000 })).map(([month, offset]) => Date.UTC(2026, month, 1) + offset),
        ),
        // Refreshes after start-up: minutes the clock moves on (automatic refreshes every 45 minutes), then revise() calls.
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 3 }),
        async (seed, keys, days, startMs, minutesLater, revisions) => {
          let nowMs = startMs
          const emu = await startEmulator({ seed, keys, days, now: () => new Date(nowMs), revisions: { everyMinutes: 45, share: 0.5 } })
          try {
            nowMs += minutesLater * 60_000
            for (let i = 0; i < revisions; i++) emu.revise()
            await checkOrg(emu, nowMs)
            // The same hours (up to start-up) as of refresh 0 and as of now differ only by the revisions.
            const range = { startingAt: new Date(Date.UTC(new Date(startMs).getUTCFullYear(), new Date(startMs).getUTCMonth(), 1)), endingAt: new Date(startMs) }
            if (emu.totals({ ...range, asOf: 0 }).costMicroCents !== emu.totals(range).costMicroCents) revisedRuns++
          } finally {
            await emu.close()
          }
        },
      ),
      { numRuns: 25, seed: 20_261_206 },
    )
    expect(revisedRuns).toBeGreaterThan(5) // the revisions really moved the money the views agree on
  }, 120_000)

  it('serves the seeded demo org the same way every time', async () => {
    const nowMs = Date.parse('2026-12-06T13:20:00Z')
    const read = async () => {
      const emu = await startEmulator({ now: () => new Date(nowMs) })
      try {
        const org = new Anthropic({ apiKey: emu.adminKey, baseURL: emu.baseURL, maxRetries: 0 }).beta.organization
        return await collect(org.spendLimits.effective.list({ limit: 100 }))
      } finally {
        await emu.close()
      }
    }
    const first = await read()
    expect(first.some((r) => r.period_to_date_spend !== '0')).toBe(true)
    expect(await read()).toEqual(first)
  })
})
