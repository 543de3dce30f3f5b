import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAuditLog } from '../platform/audit/audit-log'
import { createConfigStore } from '../platform/config/config-store'
import type { DemoHost } from '../org/orgs/demo-host'
import { createOrgRegistry } from '../org/orgs/org-registry'
import { createMemoryKeychain } from '../vault/memory-keychain'
import { configOrgOrder, openUsageQueries } from './usage-queries'

const homes: string[] = []
afterEach(async () => {
  for (const home of homes.splice(0)) await rm(home, { recursive: true, force: true })
})

async function home(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kw-usage-queries-'))
  homes.push(dir)
  return dir
}

const noDemo: DemoHost = { ensure: () => Promise.reject(new Error('no demo here')), current: () => null, idleLabel: 'no demo here', close: async () => {} }

const org = (id: string, demo = false) => ({
  id,
  name: `Org ${id}`,
  baseURL: demo ? null : 'https://api.anthropic.com',
  adminProfile: demo ? null : 'admin',
  demo,
  addedAt: '2026-01-01T00:00:00.000Z',
})

describe('the usage queries over the config alone', () => {
  it('order the orgs as the org registry lists them: configured ones in stored order, the demo org last', async () => {
    const dir = await home()
    // The demo org stored first, as after `keyward demo` on a fresh install followed by two `orgs add`.
    await writeFile(join(dir, 'config.json'), JSON.stringify({ version: 1, profiles: [], bindings: [], orgs: [org('demo', true), org('org_b'), org('org_a')] }), { mode: 0o600 })
    const config = createConfigStore(dir)
    const registry = createOrgRegistry({ config, keychain: createMemoryKeychain(), demo: noDemo, audit: createAuditLog(dir) })
    expect(await configOrgOrder(config)()).toEqual(['org_b', 'org_a', 'demo'])
    expect(await configOrgOrder(config)()).toEqual((await registry.list()).map((o) => o.id))
  })

  it('read an empty data directory as nothing synced, without writing to it', async () => {
    const dir = await home()
    const { queries, close } = openUsageQueries(dir)
    await expect(queries.summary({ range: { from: '2026-05-01', to: '2026-05-31', timeZone: 'UTC' }, groupBy: 'key' })).rejects.toThrow('no usage has been synced yet')
    close()
    expect(await configOrgOrder(createConfigStore(dir))()).toEqual([])
  })
})
