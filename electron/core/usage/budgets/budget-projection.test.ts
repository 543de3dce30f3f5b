import { describe, expect, it } from 'vitest'
import { fromAmount, toAmount } from '../../../../shared/money'
import { describeNotice, type Notice } from '../../alerts/notify/notice'
import { projectScope } from '../usage-projection'
import { startSyncedUsageKitForFile } from '../synced-usage-kit.test-support'
import { projectionWarning } from './budget-projection'
import { createBudgetService } from './budget-service'
import { createBudgetStore } from './budget-store'

const NOW = new Date('2026-04-20T15:30:00Z')
const kit = startSyncedUsageKitForFile({ seed: 11, keys: 12, days: 60 }, NOW)

function service() {
  const notices: Notice[] = []
  const budgets = createBudgetService({ store: createBudgetStore(kit().dataDir), usage: kit().queries, notifier: { notify: (n) => notices.push(n) }, timeZone: () => 'UTC' })
  return { budgets, notices, warnings: () => notices.filter((n) => n.kind === 'budget-projection') }
}

describe('budget projection warning', () => {
  it('warns once per period when the projection crosses the limit before the spend does, and not again after a restart', async () => {
    const { monthToDate, projection } = await projectScope(kit().queries, { orgId: 'emu', timeZone: 'UTC', now: NOW, include: () => true })
    if (projection.kind !== 'projected') throw new Error('expected a projection on 20 April')
    expect(projection.low).toBeGreaterThan(monthToDate)
    // A limit between what is spent and the slower pace's month end.
    const limit = (monthToDate + projection.low) / 2n
    const { budgets, notices, warnings } = service()
    const budget = await budgets.set({ scope: { type: 'org', orgId: 'emu' }, period: 'month', limit: toAmount(limit), thresholds: [100] })
    await budgets.evaluate(NOW)
    expect(warnings()).toHaveLength(1)
    expect(notices.filter((n) => n.kind === 'budget-threshold')).toEqual([]) // the spend has not crossed anything yet
    const warning = warnings()[0]!
    expect(warning).toMatchObject({ scope: 'org Emulated org', budgetId: budget.id })
    expect(describeNotice(warning).title).toBe('Budget on track to be exceeded: org Emulated org')
    expect(describeNotice(warning).body).toMatch(/on track to exceed it by \d+\.\d\d or more/)
    expect(warning.kind === 'budget-projection' && fromAmount(warning.over.amount)).toBeGreaterThan(0n)
    await budgets.evaluate(new Date(NOW.getTime() + 60_000))
    const restarted = service()
    await restarted.budgets.evaluate(new Date(NOW.getTime() + 120_000))
    expect(warnings()).toHaveLength(1)
    expect(restarted.warnings()).toHaveLength(0)
    // A new month is a new period: it warns again there (the stale cache projects May at April's trailing rate).
    await restarted.budgets.evaluate(new Date('2026-05-02T12:00:00Z'))
    expect(restarted.warnings()).toHaveLength(1)
    await budgets.remove(budget.id)
  })

  it('does not warn under a limit the projection stays below, for a day budget, or once the spend is over', async () => {
    const { monthToDate, projection } = await projectScope(kit().queries, { orgId: 'emu', timeZone: 'UTC', now: NOW, include: () => true })
    if (projection.kind !== 'projected') throw new Error('expected a projection')
    expect(projectionWarning(monthToDate, projection.high + 1n, projection)).toBeNull()
    expect(projectionWarning(monthToDate, projection.low, projection)).toBeNull() // exactly on the limit is not over it
    expect(projectionWarning(monthToDate, monthToDate, projection)).toBeNull() // already spent: the 100 % threshold says it
    expect(projectionWarning(monthToDate, monthToDate + 1n, { kind: 'too-early' })).toBeNull()
    const { budgets, warnings } = service()
    const high = await budgets.set({ scope: { type: 'org', orgId: 'emu' }, period: 'month', limit: toAmount(projection.high * 2n), thresholds: [100] })
    const day = await budgets.set({ scope: { type: 'org', orgId: 'emu' }, period: 'day', limit: '100000', thresholds: [100] })
    await budgets.evaluate(NOW)
    expect(warnings()).toEqual([])
    await budgets.remove(high.id)
    await budgets.remove(day.id)
  })

  it('passes on the channels a budget names', async () => {
    const { monthToDate, projection } = await projectScope(kit().queries, { orgId: 'emu', timeZone: 'UTC', now: NOW, include: () => true })
    if (projection.kind !== 'projected') throw new Error('expected a projection')
    const store = createBudgetStore(kit().dataDir)
    const notices: Notice[] = []
    const budgets = createBudgetService({ store, usage: kit().queries, notifier: { notify: (n) => notices.push(n) }, timeZone: () => 'UTC' })
    const budget = await budgets.set({ scope: { type: 'org', orgId: 'emu' }, period: 'month', limit: toAmount((monthToDate + projection.low) / 2n), thresholds: [100] })
    // Budgets gain `channels` with alert channels; whatever a budget carries is passed through.
    const withChannels = { ...budget, channels: ['ops'] }
    const fakeStore = { read: async () => ({ ...(await store.read()), budgets: [withChannels] }), update: store.update }
    await createBudgetService({ store: fakeStore, usage: kit().queries, notifier: { notify: (n) => notices.push(n) }, timeZone: () => 'UTC' }).evaluate(NOW)
    expect(notices.find((n) => n.kind === 'budget-projection')?.channels).toEqual(['ops'])
    await budgets.remove(budget.id)
  })
})
