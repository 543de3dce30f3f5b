import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { type RogueAdminApi, startRogueAdminApi } from '../../../../test/support/rogue-admin-api'
import { type EmulatorHandle, startEmulator } from '../../../emulator'
import { type Core, createCore } from '../../core'
import type { ConfirmOrgMove } from '../../org/orgs/org-registry'
import { createMemoryKeychain } from '../../vault/memory-keychain'
import { type RpcHttpServer, startRpcHttpServer } from './rpc-http-server'

/**
 * A leaked dashboard URL (origin + token) used to send the Admin key to a listener of the
 * attacker's choosing: the daemon's real HTTP transport over a real core, an Admin profile that
 * already backs the emulator's org, and a rogue listener that answers with that org's id.
 */
let emulator: EmulatorHandle
let rogue: RogueAdminApi
let home: string
let core: Core
let dashboard: RpcHttpServer | null = null

beforeAll(async () => {
  emulator = await startEmulator({ seed: 7, keys: 4, days: 2 })
})
afterAll(() => emulator.close())

/** A core on a fresh data dir whose Admin profile `boss` backs the emulator's org; `spare` is an Admin profile that backs none. */
async function coreWithOrg(confirmOrgMove?: ConfirmOrgMove): Promise<Core> {
  home = await mkdtemp(join(tmpdir(), 'kw-leaked-'))
  const built = await createCore({ host: 'daemon', env: { KEYWARD_HOME: home }, keychain: createMemoryKeychain(), log: () => {}, ...(confirmOrgMove && { confirmOrgMove }) })
  await built.vault.profiles.add({ name: 'boss', kind: 'admin', key: emulator.adminKey })
  await built.vault.profiles.add({ name: 'spare', kind: 'admin', key: `sk-ant-admin01-${'S'.repeat(86)}-AAAA` })
  await built.orgAdmin.orgs.add({ adminProfile: 'boss', baseURL: emulator.baseURL })
  return built
}

beforeEach(async () => {
  rogue = await startRogueAdminApi({ id: emulator.state.org.id, name: emulator.state.org.name })
})
afterEach(async () => {
  await dashboard?.close()
  dashboard = null
  await core.close()
  await rogue.close()
  await rm(home, { recursive: true, force: true })
})

async function rpc(name: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const reply = await fetch(`${dashboard!.origin}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-keyward-token': dashboard!.token }, body: JSON.stringify({ name, input }) })
  return (await reply.json()) as { ok: boolean }
}

const storedURLs = async () => (await core.orgAdmin.orgs.list()).map((o) => o.baseURL)
const configText = () => readFile(join(home, 'config.json'), 'utf8')
const auditText = () => readFile(join(home, 'audit.jsonl'), 'utf8').catch(() => '')

describe('a leaked dashboard URL against the daemon’s HTTP transport', () => {
  beforeEach(async () => {
    core = await coreWithOrg()
    dashboard = await startRpcHttpServer({ router: core.router, token: 'leaked-token' })
  })

  it.each([
    ['a profile that already backs an org', 'boss'],
    ['an Admin profile that backs no org yet', 'spare'],
  ])('orgs.add to the listener for %s: refused, the listener gets nothing, the org stays where it was', async (_label, adminProfile) => {
    const refused = await rpc('orgs.add', { adminProfile, baseURL: rogue.url })
    expect(refused).toEqual({ ok: false, error: { code: 'NOT_ALLOWED', message: expect.stringContaining('keyward orgs add PROFILE') } })
    expect(rogue.requests).toEqual([])
    expect(rogue.carryingKeys()).toEqual([])
    const listed = await rpc('orgs.list', {})
    expect((listed.value as { id: string; baseURL: string }[]).map((o) => [o.id, o.baseURL])).toEqual([[emulator.state.org.id, emulator.baseURL]])
    expect(await configText()).toContain(emulator.baseURL)
    expect(await configText()).not.toContain(rogue.url)
  })

  it('the token still reads and syncs the org, at its stored URL only', async () => {
    expect(await rpc('orgs.list', {})).toMatchObject({ ok: true })
    expect(await rpc('usage.sync', { orgId: emulator.state.org.id })).toMatchObject({ ok: true })
    expect(rogue.requests).toEqual([])
  })
})

describe('moving an org from the desktop app (IPC): never silent', () => {
  it('without a confirmer: refused before the key is read, naming both URLs', async () => {
    core = await coreWithOrg()
    const refused = await core.router.call('orgs.add', { adminProfile: 'boss', baseURL: rogue.url }, { transport: 'ipc' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const { message } = (refused as { error: { message: string } }).error
    expect(message).toContain(`is at ${emulator.baseURL}`)
    expect(message).toContain(`adding it at ${rogue.url}`)
    expect(message).toContain('--replace')
    expect(rogue.requests).toEqual([])
    expect(await storedURLs()).toEqual([emulator.baseURL])
  })

  it('declined in the app’s window: nothing is sent or changed', async () => {
    const confirm = vi.fn<ConfirmOrgMove>(async () => false)
    core = await coreWithOrg(confirm)
    const refused = await core.router.call('orgs.add', { adminProfile: 'boss', baseURL: rogue.url }, { transport: 'ipc' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('was declined') } })
    expect(confirm).toHaveBeenCalledWith({ orgId: emulator.state.org.id, orgName: emulator.state.org.name, adminProfile: 'boss', from: emulator.baseURL, to: rogue.url })
    expect(rogue.requests).toEqual([])
    expect(await storedURLs()).toEqual([emulator.baseURL])
  })

  it('confirmed in the app’s window: the org moves, and the audit log names both URLs', async () => {
    core = await coreWithOrg(async () => true)
    const moved = await core.router.call('orgs.add', { adminProfile: 'boss', baseURL: rogue.url }, { transport: 'ipc' })
    expect(moved).toMatchObject({ ok: true, value: { id: emulator.state.org.id, baseURL: rogue.url } })
    expect(rogue.carryingKeys()).toHaveLength(1)
    expect(await storedURLs()).toEqual([rogue.url])
    expect(await auditText()).toMatch(new RegExp(`"event":"org.moved".*from ${emulator.baseURL} to ${rogue.url}`))
  })

  it('another profile pointed at the listener that answers with the stored org’s id: the stored org does not move', async () => {
    core = await coreWithOrg()
    const refused = await core.router.call('orgs.add', { adminProfile: 'spare', baseURL: rogue.url }, { transport: 'ipc' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining(`is at ${emulator.baseURL}`) } })
    expect((refused as { error: { message: string } }).error.message).toContain(`keyward orgs add spare --base-url ${rogue.url} --replace`)
    // Only the key the caller chose to send there went there; the stored org's own key did not.
    expect(JSON.stringify(rogue.requests)).not.toContain(emulator.adminKey)
    expect(await core.orgAdmin.orgs.list()).toMatchObject([{ id: emulator.state.org.id, baseURL: emulator.baseURL, adminProfile: 'boss' }])
  })

  it('re-adding an org at the URL it already has needs no confirmation', async () => {
    const confirm = vi.fn<ConfirmOrgMove>(async () => false)
    core = await coreWithOrg(confirm)
    expect(await core.router.call('orgs.add', { adminProfile: 'boss', baseURL: `${emulator.baseURL}/` }, { transport: 'ipc' })).toMatchObject({ ok: true })
    expect(confirm).not.toHaveBeenCalled()
  })
})
