import { describe, expect, it, vi } from 'vitest'
import type { AdminApiKey, AdminUser } from '../../../../shared/contract/admin.contract'
import { KeywardError } from '../../../../shared/errors'
import type { AuditEvent } from '../../platform/audit/audit-log'
import { type OffboardDeps, createOffboardService } from './offboard-service'

const page = <T>(items: T[]) => Promise.resolve({ items, nextCursor: null })
const leaver: AdminUser = { id: 'u_leaver', email: 'Leaver@Example.com', name: 'Lee Ver', role: 'developer', addedAt: '2025-01-01T00:00:00Z' }
const k = (id: string, status: AdminApiKey['status'] = 'active'): AdminApiKey => ({
  id,
  name: `key-${id}`,
  status,
  partialKeyHint: null,
  workspaceId: 'ws_a',
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: { id: leaver.id, type: 'user' },
  expiresAt: null,
})

/** A small org whose state the fake admin calls change, so a second run sees what the first did. */
function org(failKey: string | null = null, role = leaver.role) {
  const users = [{ ...leaver, role }]
  const keys = [k('k1'), k('k2'), k('k3', 'inactive')]
  const audited: AuditEvent[] = []
  const admin = {
    listUsers: () => page([...users]),
    listApiKeys: (_o: string, _p: unknown, f: { createdByUserId: string | null }) => page(keys.filter((x) => x.createdBy?.id === f.createdByUserId)),
    listWorkspaces: () => page([{ id: 'ws_a', name: 'Alpha', createdAt: '', archivedAt: null, displayColor: '' }]),
    listMembers: () => page(users.length ? [{ userId: leaver.id, workspaceId: 'ws_a', role: 'workspace_developer' }] : []),
    setApiKeyStatus: vi.fn(async (_o: string, id: string) => {
      if (id === failKey) throw new KeywardError('UNAVAILABLE', 'the Admin API failed (HTTP 500)')
      const key = keys.find((x) => x.id === id)!
      key.status = 'inactive'
      return key
    }),
    removeUser: vi.fn(async (_o: string, id: string) => {
      users.splice(0, users.length)
      return { id }
    }),
  }
  const deps: OffboardDeps = {
    orgs: { list: async () => [{ id: 'o', name: 'Acme', baseURL: '', adminProfile: null, demo: false }] },
    admin: admin as unknown as OffboardDeps['admin'],
    lastUsed: async () => ({ orgId: 'o', lastSyncedAt: '2026-11-20T00:00:00Z', coveredFrom: '2026-08-20T00:00:00Z', keys: { k1: { at: '2026-11-19T00:00:00Z', bucket: 'day' } } }),
    audit: { append: async (e) => void audited.push(e) },
  }
  return { service: createOffboardService(deps), admin, audited, keys, users, fail: (id: string | null) => (failKey = id) }
}

describe('offboarding', () => {
  it('plans without changing anything: keys with last use, memberships, and the steps', async () => {
    const { service, admin } = org()
    const plan = await service.plan('o', 'leaver@example.com')
    expect(plan.user).toEqual({ id: 'u_leaver', name: 'Lee Ver', role: 'developer' })
    expect(plan.keys.map((x) => [x.name, x.status, x.workspace, x.lastUsedAt])).toEqual([
      ['key-k1', 'active', 'Alpha', '2026-11-19T00:00:00Z'],
      ['key-k2', 'active', 'Alpha', null],
      ['key-k3', 'inactive', 'Alpha', null],
    ])
    expect(plan.memberships).toEqual([{ workspaceId: 'ws_a', workspace: 'Alpha', role: 'workspace_developer' }])
    expect(plan.steps.map((s) => [s.id, s.status])).toEqual([
      ['deactivate:k1', 'pending'],
      ['deactivate:k2', 'pending'],
      ['deactivate:k3', 'already-done'],
      ['remove-user', 'pending'],
    ])
    expect(admin.setApiKeyStatus).not.toHaveBeenCalled()
    expect(admin.removeUser).not.toHaveBeenCalled()
  })

  it('deactivates keys, then removes the person, and audits the outcome', async () => {
    const { service, admin, audited } = org()
    const result = await service.run('o', 'leaver@example.com')
    expect(result.complete).toBe(true)
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'done', 'already-done', 'done'])
    expect(admin.removeUser).toHaveBeenCalledWith('o', 'u_leaver', 'Lee Ver')
    expect(audited.at(-1)).toEqual({
      event: 'offboard.finished',
      detail: 'Acme: offboarding leaver@example.com complete: 3 done, 1 already done, 0 failed, 0 not run',
      target: { kind: 'user', id: 'u_leaver', name: 'Lee Ver' },
    })
  })

  it('reports a partial failure step by step, keeps the person while a key is active, and resumes on the next run', async () => {
    const { service, admin, fail, audited } = org('k2')
    const first = await service.run('o', 'leaver@example.com')
    expect(first.complete).toBe(false)
    expect(first.steps.map((s) => s.status)).toEqual(['done', 'failed', 'already-done', 'not-run'])
    expect(first.steps[1]!.error).toMatch(/HTTP 500/)
    expect(admin.removeUser).not.toHaveBeenCalled()
    expect(audited.at(-1)?.detail).toMatch(/incomplete: 1 done, 1 already done, 1 failed, 1 not run/)
    expect(audited.filter((e) => e.event === 'offboard.stepFailed').map((e) => e.detail)).toEqual([
      'Acme: offboarding leaver@example.com: Deactivate the key key-k2 failed: the Admin API failed (HTTP 500)',
    ])
    expect(audited.find((e) => e.event === 'offboard.stepFailed')?.target).toEqual({ kind: 'apiKey', id: 'k2', name: 'key-k2' })

    fail(null)
    const second = await service.run('o', 'leaver@example.com')
    expect(second.steps.map((s) => s.status)).toEqual(['already-done', 'done', 'already-done', 'done'])
    expect(second.complete).toBe(true)
    expect(admin.setApiKeyStatus).toHaveBeenCalledTimes(3)

    const third = await service.run('o', 'leaver@example.com')
    expect(third).toMatchObject({ user: null, complete: true, steps: [{ status: 'already-done' }] })
  })

  it('says up front that the API cannot remove an admin and what to do in the Console instead', async () => {
    const { service, admin } = org(null, 'admin')
    const plan = await service.plan('o', 'leaver@example.com')
    expect(plan.inConsole?.reason).toBe('an Admin API key cannot remove a person whose role is admin')
    expect(plan.inConsole?.instead).toBe("remove Lee Ver in the Claude Console of Acme: Settings → Members, Lee Ver's row → Remove")
    expect(plan.steps.at(-1)).toMatchObject({ kind: 'remove-user', status: 'in-console', instead: plan.inConsole?.instead })
    expect(plan.inConsole?.instead).not.toMatch(/run .* again/)
    expect(admin.setApiKeyStatus).not.toHaveBeenCalled()
  })

  it('refuses to offboard someone the API cannot remove, changing nothing, unless keys only is asked', async () => {
    const { service, admin, audited, keys } = org(null, 'owner')
    await expect(service.run('o', 'leaver@example.com')).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: expect.stringMatching(/^nothing was changed: .*owner.*dead keys but full access.*keys only/),
    })
    expect(admin.setApiKeyStatus).not.toHaveBeenCalled()
    expect(keys.filter((x) => x.status === 'active')).toHaveLength(2)
    expect(audited).toEqual([])

    const keysOnly = await service.run('o', 'leaver@example.com', { keysOnly: true })
    expect(keysOnly.keysOnly).toBe(true)
    expect(keysOnly.complete).toBe(false)
    expect(keysOnly.steps.map((s) => s.status)).toEqual(['done', 'done', 'already-done', 'in-console'])
    expect(admin.removeUser).not.toHaveBeenCalled()
    expect(audited.at(-1)?.detail).toMatch(
      /incomplete: 2 done, 1 already done, 0 failed, 0 not run, keys only: Lee Ver stays in the org \(an Admin API key cannot remove a person whose role is owner\)/,
    )
  })

  it('keys only leaves a removable person in the org, as asked', async () => {
    const { service, admin } = org()
    const result = await service.run('o', 'leaver@example.com', { keysOnly: true })
    expect(result.steps.map((s) => s.status)).toEqual(['done', 'done', 'already-done', 'not-run'])
    expect(admin.removeUser).not.toHaveBeenCalled()
  })

  it('a refused removal is reported as the API said', async () => {
    const { service, admin } = org()
    admin.removeUser.mockRejectedValueOnce(new KeywardError('API_FORBIDDEN', 'An Admin API key cannot remove a user whose role is admin'))
    const result = await service.run('o', 'leaver@example.com')
    expect(result.steps.at(-1)).toMatchObject({ status: 'failed', error: 'An Admin API key cannot remove a user whose role is admin' })
  })
})
