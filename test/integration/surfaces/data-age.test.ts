import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { secretServiceAvailable } from '../../support/keyring'
import { type Surfaces, dayIn, demoKeysInUse, rangesAt, startSurfaces } from '../../support/surfaces'

/*
 * "Data as of" on every surface. After one `keyward sync` of the demo org a real `keyward daemon
 * --ui --demo` serves, the service's watermark (`data_refreshed_at`) that `keyward usage --json`
 * carries is the one the dashboard's procedures over /rpc carry; the first partial day is the
 * watermark's local date; the text output says "data as of"; and the status line, right after a
 * sync, shows no stale marker.
 */

const keyring = await secretServiceAvailable()
if (!keyring.available) console.log(keyring.reason)

interface Aged {
  dataRefreshedAt: string | null
}
interface CliUsage extends Aged {
  partialFrom: string | null
}

const TZ = 'America/New_York'
let s: Surfaces
let dir: string
const profile = `sf-age-${process.pid}`

beforeAll(async () => {
  if (!keyring.available) return
  s = await startSurfaces('UTC')
  const [key] = await demoKeysInUse()
  dir = await s.makeDir('aged')
  const added = await s.keyward(['add', profile, '--key-stdin'], { input: key!.secret })
  expect(added.code, added.stderr).toBe(0)
  const used = await s.keyward(['use', profile, '--dir', dir])
  expect(used.code, used.stderr).toBe(0)
}, 120_000)

afterAll(async () => {
  if (!s) return
  await s.keyward(['remove', profile, '--force'])
  await s.stop()
})

describe.skipIf(!keyring.available)('data as of, on every surface', { timeout: 180_000 }, () => {
  it('after one keyward sync: one watermark in keyward usage --json and over /rpc, its local date partial, "data as of" in the text, no stale marker in the status line', async () => {
    const synced = await s.keyward(['sync'], { tz: TZ })
    expect(synced.code, synced.stderr).toBe(0)
    const cli = await s.keywardJson<CliUsage>(['usage', '--json'], { tz: TZ })
    expect(cli.dataRefreshedAt).not.toBeNull()
    const watermark = Date.parse(cli.dataRefreshedAt!)
    expect(watermark).toBeLessThanOrEqual(Date.now())
    const { month } = rangesAt(Date.now(), TZ)
    const summary = await s.rpc<Aged>('usage.summary', { orgId: 'demo', range: month, groupBy: 'key' })
    const people = await s.rpc<Aged>('usage.people', { orgId: 'demo', range: month })
    const status = await s.rpc<{ orgs: Array<Aged & { orgId: string }> }>('usage.status')
    const tray = await s.rpc<Aged>('tray.summary')
    const demo = status.orgs.find((o) => o.orgId === 'demo')
    for (const [surface, value] of [
      ['usage.summary', summary.dataRefreshedAt],
      ['usage.people', people.dataRefreshedAt],
      ['usage.status', demo?.dataRefreshedAt],
      ['tray.summary', tray.dataRefreshedAt],
    ] as const) {
      expect(value, `${surface}: the watermark keyward usage --json carries`).not.toBeNull()
      expect(Date.parse(value!), `${surface}: the watermark keyward usage --json carries`).toBe(watermark)
    }
    // Buckets past the watermark are partial: the first partial day is the watermark's date in the CLI's zone.
    expect(cli.partialFrom).toBe(dayIn(watermark, TZ))
    const text = await s.keyward(['usage'], { tz: TZ })
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/data as of/)
    const line = await s.statusline(dir, { tz: TZ, fields: 'profile,today,stale' })
    expect(line).toMatch(new RegExp(`^${profile} \\| \\$[\\d,]+\\.\\d\\d today$`))
    expect(line).not.toMatch(/stale/)
  })
})
