import { afterEach, describe, expect, it } from 'vitest'
import { addDays, localDateOf } from '../../../shared/calendar'
import { fromAmount, parseCents } from '../../../shared/money'
import type { EmulatorOptions } from '../../emulator'
import { readActor } from './actor-id'
import { type UsageTestKit, startUsageTestKit } from './usage.test-support'
import { dumpUsage } from './store/store.test-support'

const NOW = new Date('2026-05-31T22:10:00Z')
const REPORTS = ['/v1/organizations/analytics/usage', '/v1/organizations/analytics/cost']
let kit: UsageTestKit | null = null

afterEach(async () => {
  await kit?.close()
  kit = null
})

async function start(emulator: Partial<EmulatorOptions> = {}): Promise<UsageTestKit> {
  kit = await startUsageTestKit({ emulator: { seed: 3, keys: 40, days: 40, now: () => NOW, ...emulator }, now: () => NOW })
  return kit
}
const range = { from: addDays(localDateOf(NOW.getTime(), 'UTC'), -35), to: localDateOf(NOW.getTime(), 'UTC'), timeZone: 'UTC' }
const reportRequests = (k: UsageTestKit): number => k.requests.filter((r) => REPORTS.includes(r.path)).length

describe('sync by person and product', { timeout: 30_000 }, () => {
  it('labels people by name or e-mail, marks those who left, and keeps keys, service accounts, federated and unattributed usage apart', async () => {
    const k = await start()
    const [status] = await k.sync.syncNow()
    expect(status?.lastError).toBeNull()
    const byUser = await k.queries.summary({ range, groupBy: 'user' })
    const labels = byUser.groups.map((g) => g.label)
    expect(labels.some((l) => l.endsWith('(account deleted)'))).toBe(true)
    expect(labels.some((l) => l.endsWith('(no longer in the org)'))).toBe(true)
    const kinds = (prefix: string): number => byUser.groups.filter((g) => g.id.startsWith(prefix)).length
    expect(kinds('user_')).toBeGreaterThan(3)
    expect(kinds('svac_')).toBeGreaterThan(0)
    expect(kinds('apikey_')).toBeGreaterThan(0)
    expect(kinds('~federated:')).toBe(2)
    expect(byUser.groups.find((g) => g.id === '~unattributed')?.kind).toBe('unattributed')
    const person = byUser.groups.find((g) => g.id.startsWith('user_') && !g.label.includes('('))!
    const user = k.emulator.state.users.find((u) => u.id === person.id)!
    expect(person.label).toBe(user.name)
    expect(person.detail).toBe(user.email)
    const byProduct = await k.queries.summary({ range, groupBy: 'product' })
    expect(byProduct.groups.map((g) => g.label).sort()).toEqual(['API (Message Batches)', 'API (Messages)', 'Claude Code', 'No product'])
    // Every grouping adds up to the same total.
    const byKey = await k.queries.summary({ range, groupBy: 'key' })
    expect(byUser.total).toEqual(byKey.total)
    expect(byProduct.total).toEqual(byKey.total)
    // The daily series group by person as every other dimension does (projections and spike alerts use them).
    const daily = await k.queries.daily({ range, by: 'user', top: 5 })
    expect(daily.series.slice(0, 5).map((x) => x.id)).toEqual(byUser.groups.slice(0, 5).map((g) => g.id))
    expect(daily.series[5]?.id).toBe('~other')
    expect(daily.total).toEqual(byUser.total)
  })

  it('marks a person removed from the org after the last sync as no longer in the org, e-mail kept', async () => {
    const k = await start()
    await k.sync.syncNow()
    const before = await k.queries.summary({ range, groupBy: 'user' })
    const member = before.groups.find((g) => k.emulator.state.users.some((u) => u.id === g.id && u.role !== 'primary_owner' && u.role !== 'admin'))!
    const email = k.emulator.state.users.find((u) => u.id === member.id)!.email
    await (await k.orgs.client('emu')).beta.organization.users.remove(member.id)
    const [status] = await k.sync.syncNow()
    expect(status?.lastError).toBeNull()
    const after = (await k.queries.summary({ range, groupBy: 'user' })).groups.find((g) => g.id === member.id)
    expect(after?.label).toBe(`${member.label} (no longer in the org)`)
    expect(after?.detail).toBe(email)
    expect(after?.totals).toEqual(member.totals)
  })

  it('asks a page again with half the rows on report_page_too_large, and still gets every row', async () => {
    const k = await start({ reportLimits: { maxPageBytes: 200_000 } })
    const [status] = await k.sync.syncNow()
    expect(status?.lastError).toBeNull()
    const summary = await k.queries.summary({ range, groupBy: 'user' })
    const truth = k.emulator.totals({ startingAt: summary.coveredFrom!, endingAt: summary.coveredTo! })
    expect(fromAmount(summary.total.cost)).toBe(parseCents(truth.amount))
    expect(summary.total.totalTokens).toBe(truth.totalTokens)
    const refused = k.emulator.requests.filter((r) => REPORTS.includes(r.path) && r.status === 400).length
    expect(refused).toBeGreaterThan(0)
    expect(reportRequests(k)).toBe(status!.pages + refused)
  })

  it('gives up with a clear error when even a one-row page is too large, and leaves the cache empty', async () => {
    const k = await start({ reportLimits: { maxPageBytes: 100 } })
    const [status] = await k.sync.syncNow()
    expect(status?.lastError).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/one-row usage report page as too large/) })
    // 1,000, 500, 250, 125, 62, 31, 15, 7, 3, 1: ten tries of the first page, then nothing else.
    expect(reportRequests(k)).toBe(10)
    expect(dumpUsage(k.store, 'emu')).toEqual([])
  })

  it('fails with a clear error on too_many_report_groups and leaves the cache empty', async () => {
    const k = await start({ reportLimits: { maxGroupsPerDay: 30 } })
    const [status] = await k.sync.syncNow()
    expect(status?.state).toBe('failed')
    expect(status?.lastError?.code).toBe('API_UNSUPPORTED')
    expect(status?.lastError?.message).toMatch(/more groups than one report can return/)
    expect(status?.lastError?.message).toMatch(/cache was left unchanged/)
    expect(dumpUsage(k.store, 'emu')).toEqual([])
  })
})

describe('the People screen queries', { timeout: 30_000 }, () => {
  it('lists each person with the summary’s totals, a Claude Code and API split, a daily trend and top key and model', async () => {
    const k = await start()
    await k.sync.syncNow()
    const people = await k.queries.people({ range })
    const byUser = await k.queries.summary({ range, groupBy: 'user' })
    expect(people.people.map((p) => [p.id, p.label, p.totals])).toEqual(byUser.groups.map((g) => [g.id, g.label, g.totals]))
    expect(people.dates.length).toBe(36)
    for (const p of people.people) {
      expect(p.trend.length).toBe(36)
      const trend = p.trend.reduce((sum, c) => sum + fromAmount(c), 0n)
      expect(trend).toBe(fromAmount(p.totals.cost))
      expect(fromAmount(p.claudeCodeCost) + fromAmount(p.apiCost)).toBeLessThanOrEqual(fromAmount(p.totals.cost))
    }
    const seat = people.people.find((p) => p.type === 'user' && fromAmount(p.claudeCodeCost) > 0n && p.topKey === null)
    expect(seat, 'a Claude Code seat user with no key').toBeDefined()
    expect(people.people.find((p) => p.type === 'user' && p.topKey !== null)?.topModel).toMatch(/^claude-/)
    expect(new Set(people.people.map((p) => p.type))).toEqual(new Set(['user', 'service_account', 'api_key', 'federated', 'unattributed']))
    expect(people.people.filter((p) => p.deleted).length).toBeGreaterThanOrEqual(2)
  })

  it('pages people biggest spend first: the first rows of everyone, with everyone’s count and total, each row as in the whole list', async () => {
    const k = await start()
    await k.sync.syncNow()
    const everyone = await k.queries.people({ range, limit: 100_000 })
    expect(everyone.count).toBe(everyone.people.length)
    expect(everyone.count).toBeGreaterThan(6)
    const page = await k.queries.people({ range, limit: 5 })
    expect(page.count).toBe(everyone.count)
    expect(page.total).toEqual(everyone.total)
    expect(page.people).toEqual(everyone.people.slice(0, 5))
  })

  it('gives one person’s page by product, model and key, and refuses an unknown id', async () => {
    const k = await start()
    await k.sync.syncNow()
    const people = await k.queries.people({ range })
    const someone = people.people.find((p) => p.type === 'user' && p.topKey !== null)!
    const page = await k.queries.person({ range, personId: someone.id })
    expect(page.person).toMatchObject({ id: someone.id, label: someone.label, type: 'user' })
    expect(page.total).toEqual(someone.totals)
    for (const groups of [page.byProduct, page.byModel, page.byKey]) {
      expect(groups.reduce((sum, g) => sum + fromAmount(g.totals.cost), 0n)).toBe(fromAmount(page.total.cost))
    }
    expect(page.byKey.filter((g) => g.id !== '~no-api-key')[0]?.id).toBe(someone.topKey?.id)
    const truth = k.emulator.totals({
      startingAt: (await k.queries.summary({ range, groupBy: 'user' })).coveredFrom!,
      endingAt: (await k.queries.summary({ range, groupBy: 'user' })).coveredTo!,
      actors: [someone.id],
    })
    expect(fromAmount(page.total.cost)).toBe(parseCents(truth.amount))
    const unattributed = await k.queries.person({ range, personId: '~unattributed' })
    expect(unattributed.person.type).toBe('unattributed')
    await expect(k.queries.person({ range, personId: 'user_01NoSuchPerson' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no person user_01NoSuchPerson/) })
  })
})

describe('reading an actor', () => {
  it('reads every actor type the SDK names and refuses anything else with the reason', () => {
    expect(readActor(null)).toBeNull()
    expect(readActor({ type: 'user_actor', user_id: 'user_1', deleted: true, email_address: null, name: 'Deleted User' })).toEqual({
      id: 'user_1',
      type: 'user',
      name: 'Deleted User',
      email: null,
      deleted: true,
    })
    expect(readActor({ type: 'service_account_actor', service_account_id: 'svac_1' })).toMatchObject({ id: 'svac_1', type: 'service_account' })
    expect(readActor({ type: 'api_actor', api_key_id: 'apikey_1' })).toMatchObject({ id: 'apikey_1', type: 'api_key' })
    expect(readActor({ type: 'federated_actor', provider: { type: 'oidc', issuer: null }, subject: null })).toMatchObject({ id: '~federated:oidc:', type: 'federated' })
    expect(readActor({ type: 'user_actor', deleted: false })).toMatch(/user_id/)
    expect(readActor({ type: 'user_actor', user_id: '~shared', deleted: false })).toMatch(/user_id/)
    expect(readActor({ type: 'robot' })).toMatch(/unknown type "robot"/)
    expect(readActor('user_1')).toMatch(/not an object/)
  })
})
