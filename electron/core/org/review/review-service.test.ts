import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { KeywardError } from '../../../../shared/errors'
import type { AuditEvent } from '../../platform/audit/audit-log'
import { type ConfigStore, createConfigStore } from '../../platform/config/config-store'
import { NOW, daysAgo, invite, key, user, workspace } from './rules/facts-kit'
import { type ReviewDeps, createReviewService } from './review-service'

let dir: string
let config: ConfigStore
let audited: AuditEvent[]

const page = <T>(items: T[]) => Promise.resolve({ items, nextCursor: null })

function deps(over: Partial<ReviewDeps['admin']> = {}): ReviewDeps {
  return {
    orgs: { list: async () => [{ id: 'org_1', name: 'Acme', baseURL: 'x', adminProfile: null, demo: false }] },
    admin: {
      getOrganization: async () => ({ id: 'org_1', name: 'Acme' }),
      listUsers: () => page([user('u1'), user('a1', 'admin'), user('a2', 'admin'), user('a3', 'admin'), user('o', 'primary_owner')]),
      listInvites: () => page([invite('i1')]),
      listWorkspaces: (_o, _p, _a, includeDefault) => page(includeDefault ? [workspace('ws_default', 'Default'), workspace('ws_prod', 'Production')] : [workspace('ws_prod', 'Production')]),
      listAllApiKeys: async () => [key('k1', { createdBy: { id: 'gone', type: 'user' } }), key('k2', { createdAt: daysAgo(100) })],
      listSpendLimits: () => Promise.reject(new KeywardError('API_FORBIDDEN', 'no reading limits')),
      setApiKeyStatus: vi.fn(async (_o: string, id: string) => ({ ...key(id), status: 'inactive' as const })),
      deleteInvite: vi.fn(async (_o: string, id: string) => ({ id })),
      setSpendLimit: vi.fn(),
      ...over,
    } as ReviewDeps['admin'],
    lastUsed: async () => ({ orgId: 'org_1', lastSyncedAt: null, coveredFrom: null, keys: {} }),
    budgetScopes: async () => [],
    profiles: async () => [],
    config,
    audit: { append: async (e) => void audited.push(e) },
    log: () => {},
    now: () => NOW,
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyward-review-'))
  config = createConfigStore(dir, () => NOW)
  audited = []
})
afterEach(async () => rm(dir, { recursive: true, force: true }))

describe('review service', () => {
  it('runs every rule, most severe first, and says what it could not check', async () => {
    const report = await createReviewService(deps()).run('org_1')
    expect(report.findings[0]).toMatchObject({ id: 'departed-creator:k1', severity: 'high', accepted: null })
    expect(report.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['departed-creator', 'old-key', 'admin-role', 'stale-invite']))
    expect(report.notes.join(' ')).toMatch(/Spend limits could not be read.*no reading limits/)
    expect(report.notes.join(' ')).toMatch(/never synced/)
    expect(report.thresholds).toEqual({ unusedDays: 30, maxAdmins: 3, suggestedLimitCents: '100000', rotationAgeDays: 90 })
  })

  it('accepting silences a finding: kept in the config with its reason, audited, and no longer counted in the tray', async () => {
    const review = createReviewService(deps())
    expect(await review.openHighCount()).toBe(1)
    const accepted = await review.accept('org_1', 'departed-creator:k1', 'Service key, owner moved to another team')
    expect(accepted.accepted).toEqual({ reason: 'Service key, owner moved to another team', at: NOW.toISOString() })
    expect((await review.run('org_1')).findings.find((f) => f.id === 'departed-creator:k1')?.accepted?.reason).toBe('Service key, owner moved to another team')
    expect(audited).toEqual([
      {
        event: 'review.accepted',
        detail: 'Acme: Service key, owner moved to another team (accepted departed-creator:k1)',
        target: { kind: 'finding', id: 'departed-creator:k1', name: accepted.title },
      },
    ])
    expect(await review.openHighCount()).toBe(0)
    expect(((await config.read()) as Record<string, unknown>).review).toMatchObject({ accepted: [{ orgId: 'org_1', findingId: 'departed-creator:k1' }] })
  })

  it('refuses to accept or fix a finding that is not there', async () => {
    const review = createReviewService(deps())
    await expect(review.accept('org_1', 'stale-invite:nope', 'why not')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await review.fix('org_1', 'stale-invite:nope')).toMatchObject({ outcome: 'refused', message: expect.stringMatching(/^There is no finding stale-invite:nope/) })
    await expect(review.run('org_x')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('fixes through the admin service (deactivate, delete invite), says so per finding, and audits the fix with its target', async () => {
    const d = deps()
    const review = createReviewService(d)
    expect(await review.fix('org_1', 'departed-creator:k1')).toEqual({ findingId: 'departed-creator:k1', outcome: 'fixed', message: 'Deactivated the key key-k1.' })
    expect(d.admin.setApiKeyStatus).toHaveBeenCalledWith('org_1', 'k1', 'inactive')
    expect(audited.at(-1)).toMatchObject({ event: 'review.fixed', target: { kind: 'apiKey', id: 'k1', name: 'key-k1' } })
    await review.fix('org_1', 'stale-invite:i1')
    expect(d.admin.deleteInvite).toHaveBeenCalledWith('org_1', 'i1', expect.stringContaining('@'))
    expect(await review.fix('org_1', 'old-key:k2')).toMatchObject({ outcome: 'refused', message: expect.stringMatching(/^Not fixed: This finding has no one-click fix/) })
  })

  it('offers no fix the API refuses: an admin finding has advice for the Console instead of "Make developer"', async () => {
    const adminFinding = (await createReviewService(deps()).run('org_1')).findings.find((f) => f.id === 'admin-role:a1')!
    expect(adminFinding.fix).toBeNull()
    expect(adminFinding.advice).toMatch(/cannot change the role of a person whose role is admin: change .*'s role in the Claude Console \(Settings → Members\), or accept this with a reason\.$/)
  })

  it('a refusal is returned for the finding in one plain sentence, without nested parentheses', async () => {
    const review = createReviewService(deps({ setApiKeyStatus: async () => Promise.reject(new KeywardError('API_FORBIDDEN', 'Acme refused to set API key k1 inactive (HTTP 403)')) }))
    const result = await review.fix('org_1', 'departed-creator:k1')
    expect(result).toEqual({ findingId: 'departed-creator:k1', outcome: 'refused', message: 'Not fixed: Acme refused to set API key k1 inactive (HTTP 403).' })
    expect(result.message).not.toMatch(/\([^)]*\(/)
    expect(audited.some((e) => e.event === 'review.fixed')).toBe(false)
  })

  it('sets a workspace spend limit with the suggested or the given amount', async () => {
    const d = deps({ listSpendLimits: () => page([]) })
    const review = createReviewService(d)
    await review.fix('org_1', 'unbudgeted-workspace:ws_prod')
    expect(d.admin.setSpendLimit).toHaveBeenLastCalledWith('org_1', { type: 'workspace', workspaceId: 'ws_prod' }, 'monthly', '100000')
    await review.fix('org_1', 'unbudgeted-workspace:ws_prod', '25000')
    expect(d.admin.setSpendLimit).toHaveBeenLastCalledWith('org_1', { type: 'workspace', workspaceId: 'ws_prod' }, 'monthly', '25000')
  })

  it('keeps thresholds in the config and applies them', async () => {
    const review = createReviewService(deps())
    expect(await review.setThresholds({ maxAdmins: 5 })).toMatchObject({ maxAdmins: 5, unusedDays: 30 })
    expect(audited).toEqual([{ event: 'review.thresholdsSet', detail: 'Review thresholds: at most 5 admins' }])
    expect((await review.run('org_1')).findings.some((f) => f.rule === 'admin-role')).toBe(false)
    expect(await review.thresholds()).toMatchObject({ maxAdmins: 5 })
  })
})
