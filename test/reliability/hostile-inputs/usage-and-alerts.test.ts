import { expect } from 'vitest'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createBudgetStore } from '../../../electron/core/usage/budgets/budget-store'
import { createBudgetService } from '../../../electron/core/usage/budgets/budget-service'
import { createSyncService } from '../../../electron/core/usage/sync-service'
import { createUsageStore } from '../../../electron/core/usage/store/usage-store'
import { dumpUsage } from '../../../electron/core/usage/store/store.test-support'
import { emptyAttributionSource } from '../../../electron/core/usage/attribution'
import { projectUsage } from '../../../electron/core/usage/usage-projection'
import { createUsageQueryService } from '../../../electron/core/usage/usage-service'
import { createSpikeService } from '../../../electron/core/usage/spike/spike-service'
import { createSpikeStore } from '../../../electron/core/usage/spike/spike-store'
import { amountRows } from '../support/helper-and-amount-cases'
import { type Case, hostileInputs, outcome } from '../support/hostile-table'

/*
 * Usage, budgets and spike alerts: projecting from nothing, spike rules out of range or naming
 * unknown channels, a damaged spike-alerts.json, budgets for people the org lacks, malformed
 * amounts and endless pages from the usage report.
 */

hostileInputs('usage-and-alerts', 'usage, budgets and spike alerts', (w) => {
  return [
    {
      name: 'month-end projection before any usage is synced',
      input: 'usage.projection on an empty cache',
      code: 'NOT_FOUND',
      fragment: 'there is nothing to project from: no usage has been synced yet; run: keyward sync',
      run: () => {
        const queries = createUsageQueryService({ store: createUsageStore(w.scratch('no-usage')), attribution: emptyAttributionSource })
        return outcome(() => projectUsage(queries, { timeZone: 'UTC', groupBy: 'key', now: new Date('2026-04-20T12:00:00Z') }))
      },
    },
    ...(['0.5', '1e3'] as const).map((multiplier): Case => ({
      name: `spike rule multiplier ${multiplier}`,
      input: `alerts.setSpikeRule { multiplier: ${multiplier} }`,
      code: 'INVALID_INPUT',
      fragment: 'multiplier: use a number from 1.5 to 1000',
      run: () => {
        const dir = w.scratch(`spike-multiplier-${multiplier}`)
        const spikes = createSpikeService({
          store: createSpikeStore(dir),
          usage: createUsageQueryService({ store: createUsageStore(dir), attribution: emptyAttributionSource }),
          notifier: { notify: () => {} },
        })
        return outcome(() => spikes.setRule({ multiplier: multiplier === '0.5' ? 0.5 : 1e4 }))
      },
    })),
    {
      name: 'spike rule naming an unknown channel (nothing half-saved)',
      input: 'alerts.setSpikeRule { multiplier: 8, channels: ["nope"] }',
      code: 'NOT_FOUND',
      fragment: 'there is no alert channel named "nope"; list them with: keyward channels list',
      run: () => {
        const dir = w.scratch('spike-channel')
        const spikes = createSpikeService({
          store: createSpikeStore(dir),
          usage: createUsageQueryService({ store: createUsageStore(dir), attribution: emptyAttributionSource }),
          notifier: { notify: () => {} },
          knownChannels: async () => ['ops'],
        })
        return outcome(() => spikes.setRule({ multiplier: 8, channels: ['nope'] }))
      },
      after: () => expect(existsSync(join(w.world.root, 'scratch', 'spike-channel', 'spike-alerts.json'))).toBe(false),
    },
    {
      name: 'spike-alerts.json damaged',
      input: '<data>/spike-alerts.json = "{"',
      code: 'CONFIG_CORRUPT',
      fragment: 'could not be read; fix it or delete it to start again with the default rule',
      run: () => {
        const dir = w.scratch('spike-corrupt')
        writeFileSync(join(dir, 'spike-alerts.json'), '{', { mode: 0o600 })
        return outcome(() => createSpikeStore(dir).read())
      },
    },
    {
      name: 'budget for a person the org does not have',
      input: 'budgets.set scope user:user_01NoSuchPerson',
      code: 'NOT_FOUND',
      fragment: 'no person user_01NoSuchPerson',
      run: async () => {
        const store = createUsageStore(w.home)
        await createSyncService({ store, orgs: w.orgAdmin.orgs }).syncNow(w.orgId)
        const budgets = createBudgetService({ store: createBudgetStore(w.home), usage: createUsageQueryService({ store, attribution: emptyAttributionSource }), notifier: { notify: () => {} } })
        return outcome(() => budgets.set({ scope: { type: 'user', orgId: w.orgId, userId: 'user_01NoSuchPerson' }, period: 'month', limit: '5', thresholds: [50] }))
      },
      after: () => expect(existsSync(join(w.home, 'budgets.json')) ? readFileSync(join(w.home, 'budgets.json'), 'utf8') : '').not.toContain('user_01NoSuchPerson'),
    },
    ...amountRows(
      () => w.emulator,
      (...parts) => w.world.dir(...parts),
    ),
    {
      name: 'usage report whose pages never end (sync)',
      input: 'GET /v1/organizations/analytics/usage: has_more and a fresh cursor, always',
      code: 'UNAVAILABLE',
      fragment: 'kept returning more pages for /v1/organizations/analytics/usage after',
      run: async () => {
        const store = createUsageStore(w.home)
        const sync = createSyncService({ store, orgs: w.orgAdmin.orgs, maxRetries: 0 })
        await sync.syncNow(w.orgId)
        const before = JSON.stringify(dumpUsage(store, w.orgId))
        w.emulator.faults.set('GET /v1/organizations/analytics/usage', { kind: 'endless' })
        try {
          const [status] = await sync.syncNow(w.orgId)
          if (JSON.stringify(dumpUsage(store, w.orgId)) !== before) return { code: 'CACHE CHANGED', message: '' }
          return status?.lastError ?? { code: 'OK', message: '' }
        } finally {
          w.emulator.faults.clear()
        }
      },
    },
  ]
})
