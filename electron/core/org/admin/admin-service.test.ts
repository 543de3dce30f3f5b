import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { isKeywardError } from '../../../../shared/errors'
import { createAuditLog } from '../../platform/audit/audit-log'
import { createConfigStore } from '../../platform/config/config-store'
import type { EmulatorHandle } from '../../../emulator'
import { createAdminClient } from '../orgs/admin-client'
import { DEMO_ORG_ID, createDemoHost } from '../orgs/demo-host'
import { createRouter } from '../../router'
import { stubHandlers } from '../../stub-handlers'
import { createMemoryKeychain } from '../../vault/memory-keychain'
import { type OrgAdmin, createOrgAdmin } from './org-admin'
import { profileKeyAccount } from '../../vault/secret-accounts'

/** The admin service against the real emulator, through the official SDK, with each injected fault. */
let home: string
let orgAdmin: OrgAdmin
let emulator: EmulatorHandle
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
const page = { cursor: null, limit: 50 }

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled)
  home = await mkdtemp(join(tmpdir(), 'keyward-admin-'))
  const keychain = createMemoryKeychain()
  const demo = createDemoHost({ emulator: { seed: 7, keys: 12, days: 3 } })
  orgAdmin = createOrgAdmin({
    vault: { config: createConfigStore(home), keychain, audit: createAuditLog(home) },
    log: () => {},
    demoHost: demo,
    // Short timeouts and one retry keep the fault tests fast; the SDK still does the retrying.
    makeClient: (o) => createAdminClient({ ...o, timeoutMs: 400, maxRetries: 1 }),
  })
  await orgAdmin.orgs.addDemo()
  emulator = await demo.emulator()
})
afterEach(() => emulator.faults.clear())
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled)
  await orgAdmin.close()
})

/** The coded error a call rejects with. */
async function codeOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise
  } catch (error) {
    if (isKeywardError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('expected the call to fail')
}

const auditLines = async () => (await readFile(join(home, 'audit.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean)

describe('admin service against the emulator', () => {
  it('lists the Default workspace only when asked, so the workspace of every key can be named', async () => {
    const names = async (includeDefault: boolean) => (await orgAdmin.admin.listWorkspaces(DEMO_ORG_ID, { cursor: null, limit: 100 }, true, includeDefault)).items.map((w) => w.name)
    expect(await names(false)).not.toContain('Default')
    expect(await names(true)).toContain('Default')
    const keys = await orgAdmin.admin.listApiKeys(DEMO_ORG_ID, { cursor: null, limit: 100 }, { workspaceId: null, status: null, createdByUserId: null })
    const known = new Set((await orgAdmin.admin.listWorkspaces(DEMO_ORG_ID, { cursor: null, limit: 100 }, true, true)).items.map((w) => w.id))
    expect(keys.items.filter((k) => k.workspaceId !== null && !known.has(k.workspaceId))).toEqual([])
  })

  it('pages through workspaces with the SDK cursor and creates, renames and archives one', async () => {
    const first = await orgAdmin.admin.listWorkspaces(DEMO_ORG_ID, { cursor: null, limit: 1 }, false)
    expect(first.items).toHaveLength(1)
    expect(first.nextCursor).not.toBeNull()
    const second = await orgAdmin.admin.listWorkspaces(DEMO_ORG_ID, { cursor: first.nextCursor, limit: 1 }, false)
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id)
    const created = await orgAdmin.admin.createWorkspace(DEMO_ORG_ID, 'Fault Lab')
    const renamed = await orgAdmin.admin.renameWorkspace(DEMO_ORG_ID, created.id, 'Fault Lab 2')
    expect(renamed.name).toBe('Fault Lab 2')
    const archived = await orgAdmin.admin.archiveWorkspace(DEMO_ORG_ID, created.id)
    expect(archived.archivedAt).not.toBeNull()
    const lines = await auditLines()
    const actions = lines.filter((l) => l.includes('"admin.action"')).map((l) => JSON.parse(l) as { target?: unknown })
    expect(actions).toHaveLength(3)
    // Each line names what it changed as the action knew it then, beside the id.
    expect(actions.map((a) => a.target)).toEqual([
      { kind: 'workspace', id: created.id, name: 'Fault Lab' },
      { kind: 'workspace', id: created.id, name: 'Fault Lab 2' },
      { kind: 'workspace', id: created.id, name: 'Fault Lab 2' },
    ])
  })

  it('names the key in the audit line of a status change', async () => {
    const keys = await orgAdmin.admin.listApiKeys(DEMO_ORG_ID, { cursor: null, limit: 100 }, { workspaceId: null, status: 'active', createdByUserId: null })
    const key = keys.items[0]!
    await orgAdmin.admin.setApiKeyStatus(DEMO_ORG_ID, key.id, 'inactive')
    const last = JSON.parse((await auditLines()).at(-1)!) as { target?: unknown }
    expect(last.target).toEqual({ kind: 'apiKey', id: key.id, name: key.name })
    await orgAdmin.admin.setApiKeyStatus(DEMO_ORG_ID, key.id, 'active')
  })

  it('retries a 429 with retry-after and then succeeds', async () => {
    emulator.faults.set('GET /v1/organizations/users', { kind: '429', retryAfterSeconds: 1, times: 1 })
    const before = emulator.requests.length
    const users = await orgAdmin.admin.listUsers(DEMO_ORG_ID, page)
    expect(users.items.length).toBeGreaterThan(0)
    const calls = emulator.requests.slice(before).filter((r) => r.path === '/v1/organizations/users')
    expect(calls.map((c) => c.status)).toEqual([429, 200])
  })

  it('reports RATE_LIMITED with the wait once the SDK has used its retries', async () => {
    emulator.faults.set('GET /v1/organizations/users', { kind: '429', retryAfterSeconds: 1 })
    const error = await codeOf(orgAdmin.admin.listUsers(DEMO_ORG_ID, page))
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.message).toMatch(/try again in 1 s/)
  })

  it('maps a persistent 500 to UNAVAILABLE', async () => {
    emulator.faults.set('GET /v1/organizations/invites', { kind: '500' })
    const error = await codeOf(orgAdmin.admin.listInvites(DEMO_ORG_ID, page))
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toMatch(/HTTP 500.*list invites/)
  })

  it('maps a slow answer to TIMEOUT', async () => {
    emulator.faults.set('GET /v1/organizations/api_keys', { kind: 'slow', delayMs: 1500 })
    const error = await codeOf(orgAdmin.admin.listApiKeys(DEMO_ORG_ID, page, { workspaceId: null, status: null, createdByUserId: null }))
    expect(error.code).toBe('TIMEOUT')
  })

  it('maps malformed JSON to UNAVAILABLE with what happened', async () => {
    emulator.faults.set('GET /v1/organizations/workspaces', { kind: 'malformed', times: 1 })
    const error = await codeOf(orgAdmin.admin.listWorkspaces(DEMO_ORG_ID, page, false))
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toMatch(/not valid JSON/)
  })

  it('maps a dropped connection to NETWORK', async () => {
    emulator.faults.set('GET /v1/organizations/workspaces', { kind: 'reset' })
    const error = await codeOf(orgAdmin.admin.listWorkspaces(DEMO_ORG_ID, page, false))
    expect(error.code).toBe('NETWORK')
    expect(error.message).toContain(emulator.baseURL)
  })

  it('maps 401, 403, 404 and 409 to their codes, in sentences', async () => {
    emulator.faults.set('GET /v1/organizations/users', { kind: 'error', type: 'authentication_error', times: 1 })
    const unauthorized = await codeOf(orgAdmin.admin.listUsers(DEMO_ORG_ID, page))
    expect(unauthorized).toMatchObject({ code: 'API_UNAUTHORIZED' })
    expect(unauthorized.message).toMatch(/Admin key for .* is wrong or revoked/)

    emulator.faults.set('GET /v1/organizations/users', { kind: 'error', type: 'permission_error', times: 1 })
    const forbidden = await codeOf(orgAdmin.admin.listUsers(DEMO_ORG_ID, page))
    expect(forbidden.code).toBe('API_FORBIDDEN')
    expect(forbidden.message).toMatch(/lacks permission to list users/)

    const notFound = await codeOf(orgAdmin.admin.getWorkspace(DEMO_ORG_ID, 'wrkspc_01nope'))
    expect(notFound.code).toBe('API_NOT_FOUND')

    emulator.faults.set('POST /v1/organizations/workspaces', { kind: 'error', type: 'conflict_error', times: 1 })
    const auditBefore = (await auditLines()).length
    const conflict = await codeOf(orgAdmin.admin.createWorkspace(DEMO_ORG_ID, 'Dup'))
    expect(conflict.code).toBe('API_CONFLICT')
    // A failed change leaves nothing behind locally: no audit line claims it happened.
    expect((await auditLines()).length).toBe(auditBefore)
  })

  it('says so when the org has not enabled spend-limit writes', async () => {
    emulator.setSpendLimitWritesEnabled(false)
    try {
      const error = await codeOf(orgAdmin.admin.setSpendLimit(DEMO_ORG_ID, { type: 'organization' }, 'monthly', '50000'))
      expect(error.code).toBe('API_UNSUPPORTED')
      expect(error.message).toMatch(/has not enabled spend-limit changes/)
    } finally {
      emulator.setSpendLimitWritesEnabled(true)
    }
    const set = await orgAdmin.admin.setSpendLimit(DEMO_ORG_ID, { type: 'organization' }, 'monthly', '50000')
    expect(set.amount).toBe('50000')
  })

  it('reports removing the primary owner as what happened, as the API answers it (no permission talk, no raw id)', async () => {
    const users = (await orgAdmin.admin.listUsers(DEMO_ORG_ID, { cursor: null, limit: 100 })).items
    const owner = users.find((u) => u.role === 'primary_owner')!
    const auditBefore = (await auditLines()).length
    const error = await codeOf(orgAdmin.admin.removeUser(DEMO_ORG_ID, owner.id))
    expect(error.code).toBe('NOT_ALLOWED')
    expect(error.message).toMatch(/primary owner of .*no Admin key can remove/)
    expect(error.message).not.toMatch(/lacks permission/)
    expect(error.message).not.toContain(owner.id)
    expect((await auditLines()).length).toBe(auditBefore)
    // Still a member: the emulator refused it like the API.
    expect((await orgAdmin.admin.listUsers(DEMO_ORG_ID, { cursor: null, limit: 100 })).items.some((u) => u.id === owner.id)).toBe(true)
  })

  it('answers every fault through the router as a coded result, never a throw', async () => {
    const router = createRouter(stubHandlers(orgAdmin.handlers))
    for (const fault of [{ kind: '500' as const }, { kind: 'malformed' as const }, { kind: 'error' as const, type: 'permission_error' as const }]) {
      emulator.faults.set('GET /v1/organizations/workspaces', fault)
      const result = await router.call('admin.listWorkspaces', { orgId: DEMO_ORG_ID }, { transport: 'test' })
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.message).not.toContain(emulator.adminKey)
    }
    expect(unhandled).toEqual([])
  })
})

describe('orgs added from an Admin-key profile', () => {
  it('checks the key against the API and keeps nothing when it is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-orgs-'))
    const config = createConfigStore(dir)
    const keychain = createMemoryKeychain({ boss: 'sk-ant-admin01-wrong-key-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })
    await config.update((c) => ({ ...c, profiles: [{ name: 'boss', kind: 'admin', hint: 'sk-ant-admin01-wro…AAAA', tags: [], createdAt: new Date().toISOString(), rotatedAt: null }] }))
    const local = createOrgAdmin({ vault: { config, keychain, audit: createAuditLog(dir) }, log: () => {} })
    const refused = await codeOf(local.orgs.add({ adminProfile: 'boss', baseURL: emulator.baseURL }))
    expect(refused.code).toBe('API_UNAUTHORIZED')
    expect(refused.message).toContain('keyward add boss --admin')
    expect(await local.orgs.list()).toEqual([])

    await keychain.set(profileKeyAccount('boss'), emulator.adminKey)
    const org = await local.orgs.add({ adminProfile: 'boss', baseURL: emulator.baseURL })
    expect(org).toMatchObject({ id: emulator.state.org.id, adminProfile: 'boss', demo: false, baseURL: emulator.baseURL })
    expect((await local.admin.getOrganization(org.id)).name).toBe(emulator.state.org.name)
    expect(await readFile(config.path, 'utf8')).not.toContain(emulator.adminKey)
    expect(await local.orgs.remove(org.id)).toBe(true)
    await local.close()
  })
})
