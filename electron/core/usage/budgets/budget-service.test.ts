import { describe, expect, it } from 'vitest'
import { fromAmount, toAmount } from '../../../../shared/money'
import type { Notice } from '../../alerts/notify/notice'
import type { AuditEvent } from '../../platform/audit/audit-log'
import { startSyncedUsageKitForFile } from '../synced-usage-kit.test-support'
import { createBudgetService } from './budget-service'
import { createBudgetStore } from './budget-store'

const NOW = new Date('2026-04-20T15:30:00Z')
const kit = startSyncedUsageKitForFile({ seed: 11, keys: 12, days: 60 }, NOW)

function service() {
  const notices: Notice[] = []
  const audited: AuditEvent[] = []
  const budgets = createBudgetService({
    store: createBudgetStore(kit().dataDir),
    usage: kit().queries,
    notifier: { notify: (n) => notices.push(n) },
    timeZone: () => 'UTC',
    audit: { append: async (e) => void audited.push(e) },
  })
  return { budgets, notices, audited }
}

describe('budgets', () => {
  it('raises each threshold once per period, the highest newly crossed one', async () => {
    const { budgets, notices } = service()
    const month = await kit().queries.summary({ range: { from: '2026-04-01', to: '2026-04-20', timeZone: 'UTC' }, groupBy: 'model' })
    const spent = fromAmount(month.total.cost)
    const limit = (spent * 100n) / 85n // spend is 85 % of this
    const budget = await budgets.set({ scope: { type: 'org', orgId: 'emu' }, period: 'month', limit: toAmount(limit), thresholds: [80, 50, 100] })
    expect(budget.thresholds).toEqual([50, 80, 100])
    const thresholds = () => notices.filter((n) => n.kind === 'budget-threshold')
    await budgets.evaluate(NOW)
    expect(thresholds()).toHaveLength(1)
    expect(thresholds()[0]).toMatchObject({ kind: 'budget-threshold', thresholdPercent: 80, period: 'month', scope: 'org Emulated org' })
    await budgets.evaluate(NOW)
    await budgets.evaluate(new Date(NOW.getTime() + 60_000))
    expect(thresholds()).toHaveLength(1)
    const [status] = (await budgets.list(NOW)).budgets
    expect(status).toMatchObject({ state: 'warning', percent: 85, periodStart: '2026-04-01', spent: month.total.cost })
    await budgets.remove(budget.id)
  })

  it('fires again in the next period, and not for a new instance of the service in the same one', async () => {
    const { budgets, notices } = service()
    const budget = await budgets.set({ scope: { type: 'org', orgId: 'emu' }, period: 'day', limit: '0.01', thresholds: [100] })
    await budgets.evaluate(new Date('2026-04-18T12:00:00Z'))
    await budgets.evaluate(new Date('2026-04-18T20:00:00Z'))
    expect(notices.map((n) => n.kind === 'budget-threshold' && n.thresholdPercent)).toEqual([100])
    const restarted = service()
    await restarted.budgets.evaluate(new Date('2026-04-18T22:00:00Z'))
    expect(restarted.notices).toHaveLength(0)
    await budgets.evaluate(new Date('2026-04-19T12:00:00Z'))
    expect(notices).toHaveLength(2)
    expect(await budgets.worstState(new Date('2026-04-19T12:00:00Z'))).toBe('exceeded')
    await budgets.remove(budget.id)
  })

  it('audits a budget created, changed and removed, naming its scope', async () => {
    const { budgets, audited } = service()
    const made = await budgets.set({ scope: { type: 'profile', orgId: 'emu', profile: 'acme' }, period: 'month', limit: '250', thresholds: [50, 100] })
    await budgets.set({ id: made.id, scope: made.scope, period: 'day', limit: '12.5', thresholds: [80] })
    expect(await budgets.remove(made.id)).toBe(true)
    expect(await budgets.remove(made.id)).toBe(false)
    expect(audited.map((e) => e.event)).toEqual(['budget.created', 'budget.updated', 'budget.deleted'])
    expect(audited[0]).toMatchObject({
      detail: expect.stringMatching(/^\$250\.00 per month for .*acme.*, notifying at 50\/100 %$/),
      target: { kind: 'budget', id: made.id, name: expect.stringContaining('acme') },
    })
    expect(audited[1]!.detail).toMatch(/^\$12\.50 per day for /)
  })

  it('counts a workspace or a profile scope apart from the rest, and refuses a zero limit', async () => {
    const { budgets } = service()
    const ws = kit().emulator.state.apiKeys[0]!.workspaceId
    await budgets.set({ scope: { type: 'workspace', orgId: 'emu', workspaceId: ws }, period: 'month', limit: '1000000', thresholds: [50] })
    await budgets.set({ scope: { type: 'profile', orgId: 'emu', profile: 'nobody' }, period: 'month', limit: '5', thresholds: [50] })
    const list = await budgets.list(NOW)
    const byWs = await kit().queries.summary({ range: { from: '2026-04-01', to: '2026-04-20', timeZone: 'UTC' }, groupBy: 'workspace' })
    expect(list.budgets.find((b) => b.budget.scope.type === 'workspace')?.spent).toBe(byWs.groups.find((g) => g.id === ws)?.totals.cost)
    expect(list.budgets.find((b) => b.budget.scope.type === 'profile')?.spent).toBe('0')
    await expect(budgets.set({ scope: { type: 'org', orgId: 'emu' }, period: 'day', limit: '0', thresholds: [50] })).rejects.toThrow(/above zero/)
  })

  it('counts a person or a product scope as the usage by user and product does, and saves nothing for an unknown person or product', async () => {
    const { budgets } = service()
    const range = { from: '2026-04-01', to: '2026-04-20', timeZone: 'UTC' }
    const byUser = await kit().queries.summary({ range, groupBy: 'user' })
    const person = byUser.groups.find((g) => g.id.startsWith('user_'))!
    const byProduct = await kit().queries.summary({ range, groupBy: 'product' })
    const claudeCode = byProduct.groups.find((g) => g.id === 'claude_code')!
    const before = (await budgets.list(NOW)).budgets.length
    await budgets.set({ scope: { type: 'user', orgId: 'emu', userId: person.id }, period: 'month', limit: '1000000', thresholds: [50] })
    await budgets.set({ scope: { type: 'product', orgId: 'emu', product: 'claude_code' }, period: 'month', limit: '1000000', thresholds: [50] })
    const list = await budgets.list(NOW)
    const mine = list.budgets.find((b) => b.budget.scope.type === 'user')!
    expect(mine.spent).toBe(person.totals.cost)
    expect(mine.label).toBe(`person ${person.label} (Emulated org)`)
    expect(list.budgets.find((b) => b.budget.scope.type === 'product')).toMatchObject({ spent: claudeCode.totals.cost, label: 'product Claude Code (Emulated org)' })
    await expect(budgets.set({ scope: { type: 'user', orgId: 'emu', userId: 'user_01NoSuchPerson' }, period: 'month', limit: '5', thresholds: [50] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/no person user_01NoSuchPerson.*nothing was saved/),
    })
    await expect(budgets.set({ scope: { type: 'product', orgId: 'emu', product: 'teleportation' }, period: 'month', limit: '5', thresholds: [50] })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(budgets.set({ scope: { type: 'user', orgId: 'no-such-org', userId: person.id }, period: 'month', limit: '5', thresholds: [50] })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect((await budgets.list(NOW)).budgets.length).toBe(before + 2)
  })
})
