import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isKeywardError } from '../../../../shared/errors'
import { channelNotifier } from '../../alerts/channels/channel-notifier'
import { channelSecretStore } from '../../alerts/channels/channel-secrets'
import { createChannelService } from '../../alerts/channels/channel-service'
import { createChannelStore } from '../../alerts/channels/channel-store'
import { createMemoryChannel } from '../../alerts/channels/memory-channel'
import { createOutbox } from '../../alerts/outbox/outbox'
import type { Notice } from '../../alerts/notify/notice'
import { startSyncedUsageKitForFile } from '../synced-usage-kit.test-support'
import { createMemoryKeychain } from '../../vault/memory-keychain'
import { createBudgetService } from './budget-service'
import { budgetsNaming, createBudgetStore } from './budget-store'

const NOW = new Date('2026-04-20T15:30:00Z')
const kit = startSyncedUsageKitForFile({ seed: 12, keys: 6, days: 30 }, NOW)

function world() {
  const ops = createMemoryChannel('ops')
  const outbox = createOutbox({ dir: join(kit().dataDir, 'outbox'), open: async (name) => (name === 'ops' ? ops : null), log: () => {} })
  const store = createBudgetStore(kit().dataDir)
  const channels = createChannelService({
    store: createChannelStore(kit().dataDir),
    secrets: channelSecretStore(createMemoryKeychain()),
    outbox,
    usedBy: (n) => budgetsNaming(store, n),
    build: () => ops,
  })
  const desktop: Notice[] = []
  const notifier = channelNotifier({ notify: (n) => desktop.push(n) }, outbox, () => {})
  const budgets = createBudgetService({ store, usage: kit().queries, notifier, timeZone: () => 'UTC', channels })
  return { ops, outbox, channels, budgets, desktop, notifier, store }
}

describe('budgets that name channels', () => {
  it('refuses an unknown channel by name and saves nothing', async () => {
    const w = world()
    const before = (() => {
      try {
        return readFileSync(join(kit().dataDir, 'budgets.json'), 'utf8')
      } catch {
        return null
      }
    })()
    const error = await w.budgets.set({ scope: { type: 'org', orgId: 'emu' }, period: 'day', limit: '5', thresholds: [100], channels: ['pager'] }).catch((e: unknown) => e)
    expect(isKeywardError(error) && `${error.code}: ${error.message}`).toBe(
      'INVALID_INPUT: the budget names a channel that does not exist: pager; there are no channels yet; add one with keyward channels add. Nothing was saved.',
    )
    expect((await w.store.read()).budgets).toEqual([])
    const after = (() => {
      try {
        return readFileSync(join(kit().dataDir, 'budgets.json'), 'utf8')
      } catch {
        return null
      }
    })()
    expect(after).toBe(before)
  })

  it('sends a crossed threshold to the desktop and, through the outbox, to each channel it names, once', async () => {
    const w = world()
    await w.channels.addWebhook({ name: 'ops', url: 'https://hooks.slack.com/services/T/B/X', format: 'slack' })
    const budget = await w.budgets.set({ scope: { type: 'org', orgId: 'emu' }, period: 'day', limit: '0.01', thresholds: [100], channels: ['ops', 'ops'] })
    expect(budget.channels).toEqual(['ops'])
    expect(await w.channels.remove('ops').catch((e: Error) => e.message)).toMatch(/still named by budget bud_/)
    await w.budgets.evaluate(NOW)
    await w.budgets.evaluate(NOW)
    await w.notifier.idle()
    expect(w.desktop).toHaveLength(1)
    expect(w.desktop[0]).toMatchObject({ kind: 'budget-threshold', channels: ['ops'], budgetId: budget.id })
    await w.outbox.runDue()
    expect([...w.ops.received.values()]).toEqual([
      expect.objectContaining({ kind: 'budget-threshold', title: 'Budget exceeded: org Emulated org', details: expect.objectContaining({ budgetId: budget.id, thresholdPercent: 100 }) }),
    ])
    expect(w.ops.received.values().next().value!.details).not.toHaveProperty('channels')
    await w.budgets.remove(budget.id)
    expect(await w.channels.remove('ops')).toBe(true)
  })

  it('a budget without channels stays on the desktop only', async () => {
    const w = world()
    const budget = await w.budgets.set({ scope: { type: 'org', orgId: 'emu' }, period: 'month', limit: '0.01', thresholds: [100] })
    expect(budget).not.toHaveProperty('channels')
    await w.budgets.evaluate(NOW)
    await w.notifier.idle()
    expect(w.desktop).toHaveLength(1)
    expect(w.desktop[0]).not.toHaveProperty('channels')
    expect(await w.outbox.records()).toHaveLength(1) // the one from the previous case only
    await w.budgets.remove(budget.id)
  })
})
