import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Core, createCore } from './core'
import type { Notice } from './alerts/notify/notice'
import { apiKey } from './vault/temp-vault.test-support'
import { createMemoryKeychain } from './vault/memory-keychain'

let dir: string
let core: Core
let notices: Notice[]

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-core-reminders-'))
  notices = []
  core = await createCore({
    host: 'daemon',
    env: { KEYWARD_HOME: dir },
    log: () => {},
    notifier: { notify: (n) => notices.push(n) },
    keychain: createMemoryKeychain(),
    demo: { emulator: { seed: 3, keys: 4, days: 2 } },
  })
  await core.reminders.idle()
})
afterEach(async () => {
  await core.close()
  await rm(dir, { recursive: true, force: true })
})

describe('core: rotation reminders after a usage sync', () => {
  it('a sync checks the reminders; an old profile is reminded once, a second sync says nothing more', async () => {
    await core.vault.profiles.add({ name: 'legacy', kind: 'api', key: apiKey('LEG') })
    await core.vault.config.update((c) => ({ ...c, profiles: c.profiles.map((p) => ({ ...p, createdAt: new Date(Date.now() - 100 * 86_400_000).toISOString() })) }))
    await core.orgAdmin.orgs.addDemo()
    expect(notices).toEqual([])
    const [status] = await core.usage.sync.syncNow()
    expect(status?.lastError).toBeNull()
    await core.reminders.idle()
    // The demo also stages a runaway hour, whose spike alert is another notice; only reminders count here.
    const reminders = () => notices.filter((n) => n.kind === 'rotation-reminder')
    expect(reminders()).toEqual([{ kind: 'rotation-reminder', profile: 'legacy', ageDays: 100 }])
    await core.usage.sync.syncNow()
    await core.reminders.idle()
    expect(reminders()).toHaveLength(1)
  }, 60_000)
})
