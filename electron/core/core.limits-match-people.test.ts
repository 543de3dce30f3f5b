/**
 * The Limits screen and the People screen show the same money. Through Keyward's own core and
 * router, as the dashboard calls them: the demo org is synced at a fixed clock, and every
 * member's (and scoped key's) "spent this period" from `admin.listEffectiveSpendLimits` equals
 * their month from `usage.people` over this month in UTC, the period a monthly limit runs over.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { presetRange } from '../../shared/calendar'
import type { AdminSpendSummary, AdminUser, OrgSummary, OutputOf, ProcedureName, UsagePeople } from '../../shared/contract'
import { formatMoney, fromAmount, parseCents } from '../../shared/money'
import { type Core, createCore } from './core'
import { createMemoryKeychain } from './vault/memory-keychain'

let dir: string | null = null
let core: Core | null = null

afterEach(async () => {
  await core?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
  core = null
  dir = null
  vi.useRealTimers()
})

/** Calls a procedure as the dashboard does and returns its value (a failure fails the test with its message). */
async function call<N extends ProcedureName>(name: N, input: unknown): Promise<OutputOf<N>> {
  const result = await core!.router.call(name, input, { transport: 'test' })
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
  return result.value as OutputOf<N>
}

/** Every page of a paged admin procedure. */
async function allPages<T>(name: 'admin.listEffectiveSpendLimits' | 'admin.listUsers', orgId: string): Promise<T[]> {
  const items: T[] = []
  let cursor: string | null = null
  do {
    const page = (await call(name, { orgId, cursor, limit: 10 })) as { items: T[]; nextCursor: string | null }
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== null)
  return items
}

const MILLI_CENT = 1000n // period_to_date_spend carries at most three decimals of a cent
const shown = (micro: bigint): string => formatMoney(micro, { currency: 'USD', locale: 'en-US' })

describe('Limits and People show the same spend', () => {
  it.each(['2026-12-06T13:20:00Z', '2026-11-30T23:59:00Z'])(
    'for every member and scoped key of the demo org, synced at %s',
    async (at) => {
      const now = new Date(at)
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(now)
      dir = await mkdtemp(join(tmpdir(), 'keyward-limits-people-'))
      core = await createCore({ host: 'daemon', env: { KEYWARD_HOME: dir }, log: () => {}, notifier: { notify: () => {} }, keychain: createMemoryKeychain() })
      const demo: OrgSummary = await call('orgs.addDemo', {})
      const sync = await call('usage.sync', { orgId: demo.id })
      expect(sync.orgs.map((o) => o.lastError)).toEqual([null])

      const people: UsagePeople = await call('usage.people', { orgId: demo.id, range: { ...presetRange('month', now.getTime(), 'UTC'), timeZone: 'UTC' } })
      const monthOf = new Map(people.people.map((p) => [p.id, fromAmount(p.totals.cost)]))
      const users = await allPages<AdminUser>('admin.listUsers', demo.id)
      const limits = await allPages<AdminSpendSummary>('admin.listEffectiveSpendLimits', demo.id)

      // The Limits screen names a member by name (else e-mail) and a scoped key by its id.
      const idByName = new Map(users.map((u) => [u.name, u.id]))
      expect(idByName.size).toBe(users.length)
      const memberRows = limits.filter((l) => idByName.has(l.actor))
      expect(memberRows.map((l) => idByName.get(l.actor)).sort()).toEqual(users.map((u) => u.id).sort())
      expect(users.length).toBeGreaterThanOrEqual(6)
      const keyRows = limits.filter((l) => !idByName.has(l.actor))
      expect(keyRows.length).toBeGreaterThan(0)
      expect(keyRows.every((l) => l.actor.startsWith('apikey_'))).toBe(true)

      let spent = 0
      for (const row of limits) {
        const id = idByName.get(row.actor) ?? row.actor
        const month = monthOf.get(id) ?? 0n
        const limitSpend = parseCents(row.periodToDateSpend)
        expect(limitSpend, `${row.actor}: the limit's spend is the month's cost to a thousandth of a cent`).toBe((month / MILLI_CENT) * MILLI_CENT)
        expect(shown(limitSpend), `${row.actor}: both screens show the same dollars and cents`).toBe(shown(month))
        if (limitSpend > 0n) spent++
      }
      expect(spent).toBeGreaterThan(memberRows.length / 2)
    },
    90_000,
  )
})
