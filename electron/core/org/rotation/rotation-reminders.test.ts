import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ProfileKeyInfo, RotationOverview } from '../../../../shared/contract/rotation.contract'
import type { ConfigStore } from '../../platform/config/config-store'
import { type Config, emptyConfig } from '../../platform/config/config.schema'
import type { Notice } from '../../alerts/notify/notice'
import { logNotifier } from '../../alerts/notify/notifier'
import { type AdminService } from '../admin/admin-service'
import type { OrgRegistry } from '../orgs/org-registry'
import { createRotationReminders } from './rotation-reminders'
import { type RotationDeps, createRotationService } from './rotation-service'

const info = (profile: string, ageDays: number, extra: Partial<ProfileKeyInfo> = {}): ProfileKeyInfo => ({
  profile,
  hint: `sk-ant-api03-${profile}…AAAA`,
  ageDays,
  rotationDue: ageDays >= 90,
  orgKey: null,
  pending: null,
  ...extra,
})

let dir: string
let overview: RotationOverview
let sent: Notice[]
const reminders = () => createRotationReminders({ overview: async () => overview, notifier: { notify: (n) => sent.push(n) }, dataDir: dir, log: () => {} })

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-reminders-'))
  sent = []
  overview = { ageDays: 90, quietHours: 24, profiles: [info('old', 95), info('young', 10), info('busy', 200, { rotationDue: false })], errors: [] }
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('rotation reminders', () => {
  it('reminds once per profile per period, and a restart does not repeat it', async () => {
    expect(await reminders().check()).toEqual([{ kind: 'rotation-reminder', profile: 'old', ageDays: 95 }])
    expect(await reminders().check()).toEqual([])
    overview.profiles[0] = info('old', 120)
    expect(await reminders().check()).toEqual([])
    // The next period (180 days at a 90-day policy) reminds again, once.
    overview.profiles[0] = info('old', 181)
    expect(await reminders().check()).toEqual([{ kind: 'rotation-reminder', profile: 'old', ageDays: 181 }])
    expect(await reminders().check()).toEqual([])
    expect(sent.map((n) => n.kind === 'rotation-reminder' && n.ageDays)).toEqual([95, 181])
    const file = JSON.parse(await readFile(join(dir, 'rotation-reminders.json'), 'utf8'))
    expect(file.sent.old).toMatchObject({ hint: 'sk-ant-api03-old…AAAA', keyId: null, period: 2 })
    expect(JSON.stringify(file)).not.toMatch(/sk-ant-api03-[A-Za-z0-9_-]{20}/)
  })

  it('a rotated key (new hint or org key) starts over; removed profiles are forgotten', async () => {
    await reminders().check()
    overview.profiles[0] = info('old', 100, { hint: 'sk-ant-api03-new…BBBB' })
    expect(await reminders().check()).toHaveLength(1)
    overview.profiles = [info('young', 10)]
    expect(await reminders().check()).toEqual([])
    expect(JSON.parse(await readFile(join(dir, 'rotation-reminders.json'), 'utf8')).sent).toEqual({})
  })

  it('checkSoon runs in the background, coalesces requests during a check into one more, and logs a failure instead of throwing', async () => {
    const logged: string[] = []
    let calls = 0
    const r = createRotationReminders({
      overview: async () => {
        calls += 1
        throw new Error('org listing failed')
      },
      notifier: { notify: (n) => sent.push(n) },
      dataDir: dir,
      log: (l) => logged.push(l),
    })
    r.checkSoon()
    r.checkSoon()
    r.checkSoon()
    await r.idle()
    expect(calls).toBe(2)
    expect(logged).toEqual(['rotation reminder check failed: org listing failed', 'rotation reminder check failed: org listing failed'])
  })

  it('uses the rotation policy and an unmatched profile’s createdAt/rotatedAt; the daemon logs the line', async () => {
    const config: Config = {
      ...emptyConfig(),
      profiles: [
        { name: 'legacy', kind: 'api', hint: 'sk-ant-api03-le…AAAA', tags: [], createdAt: '2025-01-01T00:00:00Z', rotatedAt: null },
        { name: 'fresh', kind: 'api', hint: 'sk-ant-api03-fr…AAAA', tags: [], createdAt: '2025-01-01T00:00:00Z', rotatedAt: '2025-05-20T00:00:00Z' },
        { name: 'adm', kind: 'admin', hint: 'sk-ant-admin01-…AAAA', tags: [], createdAt: '2024-01-01T00:00:00Z', rotatedAt: null },
      ],
    }
    const deps: RotationDeps = {
      config: { read: async () => config } as unknown as ConfigStore,
      keychain: null as never,
      audit: null as never,
      orgs: { list: async () => [] } as unknown as Pick<OrgRegistry, 'list' | 'get' | 'client'>,
      admin: {} as Pick<AdminService, 'listAllApiKeys' | 'setApiKeyStatus'>,
      now: () => new Date('2025-06-01T00:00:00Z'),
    }
    const lines: string[] = []
    const r = createRotationReminders({ overview: () => createRotationService(deps).overview(), notifier: logNotifier((l) => lines.push(l)), dataDir: dir, log: () => {} })
    expect(await r.check()).toEqual([{ kind: 'rotation-reminder', profile: 'legacy', ageDays: 151 }])
    expect(lines).toEqual(['notice: Time to rotate legacy — This key is 151 days old. Open Rotation to rotate it.'])
  })
})
