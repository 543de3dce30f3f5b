import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isKeywardError } from '../../shared/errors'
import { type OrgAdmin, createOrgAdmin } from '../../electron/core/org/admin/org-admin'
import { type EmulatorHandle, startEmulator } from '../../electron/emulator'
import { previousKeyAccount } from '../../electron/core/vault/secret-accounts'
import { type MemoryKeychain, createMemoryKeychain } from '../../electron/core/vault/memory-keychain'
import { type Vault, createVault } from '../../electron/core/vault/vault'

/**
 * Rotation end to end, with the memory keychain and the emulator on one pinned clock: the new key
 * is served at once; the old key is deactivated in the emulator only once the analytics report shows
 * it unused for the quiet window, or on confirmation.
 */
const HOUR = 3_600_000
let clock = new Date('2026-09-10T12:30:00Z')
const now = () => clock
const advance = (hours: number) => {
  clock = new Date(clock.getTime() + hours * HOUR)
}

let home: string
let emulator: EmulatorHandle
let keychain: MemoryKeychain
let vault: Vault
let orgAdmin: OrgAdmin
let orgId: string

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'keyward-rotation-'))
  emulator = await startEmulator({ seed: 3, keys: 6, days: 2, now })
  keychain = createMemoryKeychain()
  vault = createVault({ dataDir: home, keychain, now })
  orgAdmin = createOrgAdmin({ vault, log: () => {}, now })
  await vault.profiles.add({ name: 'boss', kind: 'admin', key: emulator.adminKey })
  orgId = (await orgAdmin.orgs.add({ adminProfile: 'boss', baseURL: emulator.baseURL })).id
})
afterAll(async () => {
  await orgAdmin?.close()
  await emulator?.close()
})

const statusOf = (id: string) => emulator.state.apiKeys.find((k) => k.wire.id === id)!.wire.status
const audit = async () =>
  (await readFile(join(home, 'audit.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { event: string; detail?: string })

describe('key rotation', () => {
  it('serves the new key at once and deactivates the old one only after its usage is zero for the window', async () => {
    const old = emulator.addApiKey({ name: 'acme-ci' })
    advance(30) // the old key has a usage history
    await vault.profiles.add({ name: 'acme', kind: 'api', key: old.secret })
    await vault.profiles.setDefault('acme')
    const overview = await orgAdmin.rotation.overview()
    const info = overview.profiles.find((p) => p.profile === 'acme')!
    expect(info.orgKey).toMatchObject({ orgId, keyId: old.wire.id, workspaceId: old.workspaceId, status: 'active' })
    expect(info.rotationDue).toBe(false)

    const fresh = emulator.addApiKey({ name: 'acme-ci-2', workspaceId: old.workspaceId })
    const pending = await orgAdmin.rotation.rotate('acme', fresh.secret, { quietHours: 24 })
    expect(pending).toMatchObject({ orgId, oldKeyId: old.wire.id, newKeyId: fresh.wire.id })
    expect((await vault.keys.resolve(home, 'test', 'direct')).key).toBe(fresh.secret)
    expect(keychain.entries.get(previousKeyAccount('acme'))).toBe(old.secret)
    expect(await readFile(join(home, 'config.json'), 'utf8')).not.toContain(fresh.secret)

    // Within the quiet window nothing is deactivated.
    expect((await orgAdmin.rotation.retire('acme', false)).retired).toBe(false)
    expect(statusOf(old.wire.id)).toBe('active')

    // After the window, but the old key is still in use (the analytics report says so): kept.
    advance(25)
    const truth = emulator.totals({ startingAt: new Date(clock.getTime() - 25 * HOUR), endingAt: clock, apiKeyIds: [old.wire.id] })
    expect(truth.requests).toBeGreaterThan(0)
    const stillUsed = await orgAdmin.rotation.retire('acme', false)
    expect(stillUsed.retired).toBe(false)
    expect(stillUsed.usage!.requests).toBeGreaterThan(0)
    expect(statusOf(old.wire.id)).toBe('active')

    // The old key falls silent; a full window later it is retired.
    emulator.setKeyUsageEnd(old.wire.id, clock)
    advance(26)
    const done = await orgAdmin.rotation.retire('acme', false)
    expect(done).toMatchObject({ retired: true, usage: { requests: 0, tokens: 0 } })
    expect(statusOf(old.wire.id)).toBe('inactive')
    expect(statusOf(fresh.wire.id)).toBe('active')
    expect(keychain.entries.has(previousKeyAccount('acme'))).toBe(false)
    expect((await vault.keys.resolve(home, 'test', 'direct')).key).toBe(fresh.secret)
    expect((await orgAdmin.rotation.overview()).profiles.find((p) => p.profile === 'acme')!.pending).toBeNull()

    const events = (await audit()).map((e) => e.event)
    expect(events).toEqual(expect.arrayContaining(['rotation.started', 'rotation.failed', 'admin.action', 'rotation.retired']))
    expect(JSON.stringify(await audit())).not.toContain(old.secret)
  })

  it('deactivates the old key at once on confirmation', async () => {
    const old = emulator.addApiKey({ name: 'beta' })
    await vault.profiles.add({ name: 'beta', kind: 'api', key: old.secret })
    const fresh = emulator.addApiKey({ name: 'beta-2', workspaceId: old.workspaceId })
    await orgAdmin.rotation.rotate('beta', fresh.secret)
    expect(statusOf(old.wire.id)).toBe('active')
    expect((await orgAdmin.rotation.retire('beta', true)).retired).toBe(true)
    expect(statusOf(old.wire.id)).toBe('inactive')
  })

  it('refuses a new key that is not an active key of the same org, and changes nothing', async () => {
    const old = emulator.addApiKey({ name: 'gamma' })
    await vault.profiles.add({ name: 'gamma', kind: 'api', key: old.secret })
    const stranger = `sk-ant-api03-${'Z'.repeat(93)}AA`
    const before = new Map(keychain.entries)
    const configBefore = await readFile(join(home, 'config.json'), 'utf8')
    const error = await orgAdmin.rotation.rotate('gamma', stranger).catch((e: unknown) => e)
    expect(isKeywardError(error) && error.code).toBe('INVALID_INPUT')
    expect(String((error as Error).message)).not.toContain(stranger)
    expect(keychain.entries).toEqual(before)
    expect(await readFile(join(home, 'config.json'), 'utf8')).toBe(configBefore)
  })

  it('reminds once a key is older than the rotation age', async () => {
    await orgAdmin.rotation.setPolicy({ ageDays: 1 })
    const info = (await orgAdmin.rotation.overview()).profiles.find((p) => p.profile === 'gamma')!
    advance(48)
    const later = (await orgAdmin.rotation.overview()).profiles.find((p) => p.profile === 'gamma')!
    expect(info.ageDays).toBeLessThan(later.ageDays)
    expect(later.rotationDue).toBe(true)
  })
})
