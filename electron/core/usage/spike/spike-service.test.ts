import { describe, expect, it } from 'vitest'
import type { SpikeAlert } from '../../../../shared/contract/alerts.contract'
import { fromAmount, parseCents } from '../../../../shared/money'
import type { Notice } from '../../alerts/notify/notice'
import { startSyncedUsageKitForFile } from '../synced-usage-kit.test-support'
import { startUsageTestKit } from '../usage.test-support'
import { memorySpikeStore } from './memory-spike-store'
import { createSpikeService } from './spike-service'
import { createSpikeStore } from './spike-store'

// 00:40 UTC on 1 December: the runaway hour (3 hours ago) is on the last day of November, and its trailing baseline too.
const NOW = new Date('2026-12-01T00:40:00Z')
const kit = startSyncedUsageKitForFile({ seed: 11, keys: 12, days: 10, runaway: {} }, NOW)

const recorder = () => {
  const notices: Notice[] = []
  return { notices, notifier: { notify: (n: Notice) => void notices.push(n) } }
}

describe('spike alerts over the real sync of an emulator runaway hour', () => {
  it('raises exactly one alert naming the key, workspace and hour, with the rule’s channels', async () => {
    const { notices, notifier } = recorder()
    const store = createSpikeStore(kit().dataDir)
    const spikes = createSpikeService({ store, usage: kit().queries, notifier, now: () => NOW })
    await spikes.setRule({ channels: ['ops-slack'] })
    const raised = await spikes.evaluate('emu')
    const runaway = kit().emulator.runaway!
    expect(runaway.hour).toBe('2026-11-30T21:00:00.000Z')
    expect(raised).toHaveLength(1)
    const key = kit().emulator.state.apiKeys.find((k) => k.wire.id === runaway.apiKeyId)!
    const workspace = kit().emulator.state.workspaces.find((w) => w.id === key.workspaceId)!
    expect(raised[0]).toMatchObject({ groupBy: 'key', subjectId: runaway.apiKeyId, key: { id: runaway.apiKeyId, name: key.wire.name }, hour: runaway.hour })
    // Named as the dashboard names it: by the workspace list, the default one as "Default workspace".
    expect(raised[0]!.workspace).toBe(workspace.id === kit().emulator.state.defaultWorkspaceId ? 'Default workspace' : workspace.name)
    // The id goes with it, so a later rename shows in the list.
    expect(raised[0]!.workspaceId).toBe(workspace.id)
    // The alert's amount is the hour's spend exactly as the API reports it.
    const truth = kit().emulator.totals({ startingAt: runaway.hour, endingAt: new Date(Date.parse(runaway.hour) + 3_600_000), apiKeyIds: [runaway.apiKeyId] })
    expect(fromAmount(raised[0]!.cost)).toBe(parseCents(truth.amount))
    expect(Number(raised[0]!.cost)).toBeGreaterThan(10)
    expect(Number(raised[0]!.cost)).toBeGreaterThan(5 * Number(raised[0]!.baseline))
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatchObject({ kind: 'usage-spike', subject: `key ${key.wire.name}`, key: key.wire.name, workspace: raised[0]!.workspace, hour: runaway.hour, channels: ['ops-slack'] })
    expect((await spikes.recent())[0]?.subjectId).toBe(runaway.apiKeyId)
  })

  it('does not repeat it after a restart (the state is on disk), nor after another sync', async () => {
    const { notices, notifier } = recorder()
    const restarted = createSpikeService({ store: createSpikeStore(kit().dataDir), usage: kit().queries, notifier, now: () => NOW })
    await kit().sync.syncNow()
    expect(await restarted.evaluate('emu')).toEqual([])
    expect(notices).toEqual([])
  })

  it('is once per key per UTC day: an alert already raised that day holds it back, one from the day before does not', async () => {
    const id = kit().emulator.runaway!.apiKeyId
    const { notices, notifier } = recorder()
    const sameDay = memorySpikeStore({ version: 1, rule: { enabled: true, multiplier: 5, minAmount: '10', channels: [] }, fired: { [`emu|key|${id}`]: ['2026-11-30'] }, recent: [] })
    expect(await createSpikeService({ store: sameDay, usage: kit().queries, notifier, now: () => NOW }).evaluate('emu')).toEqual([])
    const dayBefore = memorySpikeStore({
      version: 1,
      rule: { enabled: true, multiplier: 5, minAmount: '10', channels: [] },
      fired: { [`emu|key|${id}`]: ['2026-11-29'], 'emu|key|apikey_old': ['2026-11-01'] },
      recent: [],
    })
    expect(await createSpikeService({ store: dayBefore, usage: kit().queries, notifier, now: () => NOW }).evaluate('emu')).toHaveLength(1)
    // The day is recorded beside the earlier one; dates older than a week are dropped.
    expect(dayBefore.current().fired).toEqual({ [`emu|key|${id}`]: ['2026-11-29', '2026-11-30'] })
    expect(notices).toHaveLength(1)
  })

  it('checks each person against their own baseline too: the runaway hour is their spike, named as the person', async () => {
    const { notices, notifier } = recorder()
    const byPerson = createSpikeService({ store: memorySpikeStore(), usage: kit().queries, notifier, now: () => NOW, groupings: [{ by: 'user', names: 'person' }] })
    const raised = await byPerson.evaluate('emu')
    expect(raised).toHaveLength(1)
    expect(raised[0]).toMatchObject({ groupBy: 'user', hour: kit().emulator.runaway!.hour, key: { id: kit().emulator.runaway!.apiKeyId } })
    expect(raised[0]!.person).toBe(raised[0]!.subjectLabel)
    expect(notices).toHaveLength(1)
  })

  it('finds nothing in the same org without the runaway hour, and nothing when disabled', async () => {
    const plain = await startUsageTestKit({ emulator: { seed: 11, keys: 12, days: 10, now: () => NOW }, now: () => NOW })
    try {
      await plain.sync.syncNow()
      const { notices, notifier } = recorder()
      expect(await createSpikeService({ store: memorySpikeStore(), usage: plain.queries, notifier }).evaluate('emu')).toEqual([])
      const off = createSpikeService({ store: memorySpikeStore(), usage: kit().queries, notifier })
      await off.setRule({ enabled: false })
      expect(await off.evaluate('emu')).toEqual([])
      expect(notices).toEqual([])
    } finally {
      await plain.close()
    }
  }, 60_000)

  it('lists each alert with its key and workspace as the latest sync names them; one without an id, or of an org no longer synced, keeps its names', async () => {
    const catalog = (await kit().queries.load('emu')).meta.catalog!
    const workspace = catalog.workspaces[0]!
    const key = catalog.keys[0]!
    const alert = (change: Partial<SpikeAlert>): SpikeAlert => ({
      orgId: 'emu',
      orgName: 'Emulated org',
      groupBy: 'key',
      subjectId: key.id,
      subjectLabel: 'old key name',
      key: { id: key.id, name: 'old key name' },
      workspace: 'Old workspace name',
      person: null,
      hour: '2026-11-30T21:00:00.000Z',
      cost: '50',
      baseline: '1',
      detectedAt: NOW.toISOString(),
      ...change,
    })
    const store = memorySpikeStore({
      version: 1,
      rule: { enabled: true, multiplier: 5, minAmount: '10', channels: [] },
      fired: {},
      recent: [alert({ workspaceId: workspace.id }), alert({}), alert({ orgId: 'gone', workspaceId: workspace.id })],
    })
    const [renamed, withoutId, unsynced] = await createSpikeService({ store, usage: kit().queries, notifier: recorder().notifier }).recent()
    expect(renamed).toMatchObject({ workspace: workspace.name, workspaceId: workspace.id, key: { id: key.id, name: key.name } })
    expect(workspace.name).not.toBe('Old workspace name')
    expect(withoutId!.workspace).toBe('Old workspace name')
    expect(unsynced).toMatchObject({ workspace: 'Old workspace name', key: { name: 'old key name' } })
    // The file keeps what was raised; only the listing names things anew.
    expect(store.current().recent[0]!.workspace).toBe('Old workspace name')
  })

  it('a lower minimum and multiplier find more; a higher minimum finds none', async () => {
    const { notifier } = recorder()
    const strict = createSpikeService({ store: memorySpikeStore(), usage: kit().queries, notifier })
    await strict.setRule({ minAmount: '100000' })
    expect(await strict.evaluate('emu')).toEqual([])
    const loose = createSpikeService({ store: memorySpikeStore(), usage: kit().queries, notifier })
    await loose.setRule({ minAmount: '0.01', multiplier: 1.5 })
    expect((await loose.evaluate('emu')).length).toBeGreaterThan(1)
  })
})

describe('spike rule', () => {
  it('refuses a bad minimum, multiplier or unknown channel and keeps the old rule', async () => {
    const store = memorySpikeStore()
    const spikes = createSpikeService({ store, usage: kit().queries, notifier: recorder().notifier, knownChannels: async () => ['ops'] })
    await expect(spikes.setRule({ minAmount: '1.123456789' })).rejects.toThrow(/minimum amount/)
    await expect(spikes.setRule({ multiplier: 1 })).rejects.toThrow(/multiplier: use a number from 1.5/)
    await expect(spikes.setRule({ multiplier: 10, channels: ['ops', 'nope'] })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no alert channel named "nope"/) })
    expect(store.current().rule).toEqual({ enabled: true, multiplier: 5, minAmount: '10', channels: [] })
    expect(await spikes.setRule({ multiplier: 7.5, minAmount: '25.5', channels: ['ops', 'ops'] })).toEqual({ enabled: true, multiplier: 7.5, minAmount: '25.5', channels: ['ops'] })
  })
})
