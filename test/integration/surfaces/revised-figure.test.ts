import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EmulatorHandle, startEmulator } from '../../../electron/emulator'
import { fromAmount, parseCents } from '../../../shared/money'
import { secretServiceAvailable } from '../../support/keyring'
import { type Surfaces, dollars, exactOf, rangesAt, startSurfaces } from '../../support/surfaces'

/*
 * A revision reaches every surface after one sync. An emulator in this process (so the test can
 * revise it and ask its truth) is added as an org of a real `keyward daemon --ui --demo`; the built
 * CLI syncs it; the emulator revises every open day and moves its watermark; after one more
 * `keyward sync`, `keyward usage --json`, the dashboard's procedures over /rpc and the status line
 * show the revised month, which is the emulator's truth as of the new watermark.
 */

const keyring = await secretServiceAvailable()
if (!keyring.available) console.log(keyring.reason)

interface Totals {
  cost: string
}
interface CliUsage {
  total: Totals
  groups: Array<{ id: string; totals: Totals }>
  monthToDate: string
  dataRefreshedAt: string | null
  coveredFrom: string | null
  coveredTo: string | null
}

let s: Surfaces
let emulator: EmulatorHandle
let orgId: string
let dir: string
let keyId: string
const admin = `sf-rev-admin-${process.pid}`
const user = `sf-rev-key-${process.pid}`

beforeAll(async () => {
  if (!keyring.available) return
  s = await startSurfaces('UTC')
  // Real clock; automatic refreshes only at UTC midnight, so the revisions are the test's. Every open day changes at a revision.
  emulator = await startEmulator({ seed: 23, keys: 6, days: 40, revisions: { everyMinutes: 1440, share: 1, maxPercent: 4 } })
  const addedAdmin = await s.keyward(['add', admin, '--admin', '--key-stdin'], { input: emulator.adminKey })
  expect(addedAdmin.code, addedAdmin.stderr).toBe(0)
  orgId = (await s.keywardJson<{ id: string }>(['orgs', 'add', admin, '--base-url', emulator.baseURL, '--json'])).id
  const key = emulator.state.apiKeys.find((k) => k.wire.status === 'active' && k.usageEndHour === null)!
  keyId = key.wire.id
  const addedKey = await s.keyward(['add', user, '--key-stdin'], { input: key.secret })
  expect(addedKey.code, addedKey.stderr).toBe(0)
  dir = await s.makeDir('revised')
  const used = await s.keyward(['use', user, '--dir', dir])
  expect(used.code, used.stderr).toBe(0)
}, 120_000)

afterAll(async () => {
  if (!s) return
  for (const name of [user, admin]) await s.keyward(['remove', name, '--force'])
  await s.stop()
  await emulator.close()
})

describe.skipIf(!keyring.available)('a revision, one keyward sync later, on every surface', { timeout: 180_000 }, () => {
  it('keyward usage --json, usage.summary, usage.people, tray.summary and the status line show the revised month, the emulator’s truth as of the watermark', async () => {
    const sync = async (): Promise<void> => {
      const synced = await s.keyward(['sync', '--org', orgId])
      expect(synced.code, synced.stderr).toBe(0)
    }
    const monthOf = () => s.keywardJson<CliUsage>(['usage', '--org', orgId, '--by', 'key', '--json'])
    await sync()
    const before = await monthOf()
    emulator.revise()
    await sync()
    const after = await monthOf()
    expect(after.dataRefreshedAt).not.toBe(before.dataRefreshedAt)
    expect(Date.parse(after.dataRefreshedAt!)).toBe(Date.parse(emulator.refresh().dataRefreshedAt))
    // The revised month is the emulator's truth as of the watermark the sync saw, and differs from the first sync's.
    const truth = emulator.totals({ startingAt: after.coveredFrom!, endingAt: after.coveredTo!, asOf: emulator.refresh().dataRefreshedAt })
    expect(fromAmount(after.total.cost)).toBe(parseCents(truth.amount))
    expect(after.total.cost).not.toBe(before.total.cost)

    const { month } = rangesAt(Date.now(), 'UTC')
    const summary = await s.rpc<CliUsage>('usage.summary', { orgId, range: month, groupBy: 'key' })
    expect(summary.total.cost, 'usage.summary = keyward usage --json').toBe(after.total.cost)
    const people = await s.rpc<{ total: Totals }>('usage.people', { orgId, range: month })
    expect(people.total.cost, 'usage.people = keyward usage --json').toBe(after.total.cost)
    // The tray's month is across the orgs: this one's and the demo org's (which the daemon syncs itself).
    const tray = await s.rpc<{ monthToDate: { amount: string } }>('tray.summary')
    const demo = await s.keywardJson<CliUsage>(['usage', '--org', 'demo', '--json'])
    expect(exactOf(tray.monthToDate.amount), 'tray.summary = keyward usage --json, the two orgs').toBe(exactOf(after.monthToDate) + exactOf(demo.monthToDate))
    const keyMonth = after.groups.find((g) => g.id === keyId)!.totals.cost
    expect(await s.statusline(dir, { fields: 'profile,month' }), 'the status line').toBe(`${user} | ${dollars(exactOf(keyMonth))} this month`)
  })
})
