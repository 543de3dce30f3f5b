/** The demo's hygiene gaps, and what the emulator refuses as the Admin API does (through the official SDK). */
import Anthropic, { BadRequestError, PermissionDeniedError } from '@anthropic-ai/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PRIVILEGED, departedUserId } from './seed-hygiene-gaps'
import { seedOrg } from './seed-data'
import { startEmulator, type EmulatorHandle } from './server'

const NOW = new Date('2026-11-20T15:30:00Z')
const DAY = 86_400_000

describe('seeded hygiene gaps', () => {
  const state = seedOrg({ seed: 1, keys: 40, days: 30, now: NOW })
  it('has keys of a person no longer in the org', () => {
    const departed = departedUserId(1)
    expect(state.users.some((u) => u.id === departed)).toBe(false)
    expect(state.apiKeys.filter((k) => k.wire.created_by?.id === departed && k.wire.status === 'active')).toHaveLength(2)
  })
  it('has more admins and owners than the review threshold, and keeps the key count', () => {
    expect(state.users.filter((u) => ['admin', 'owner', 'primary_owner'].includes(u.role))).toHaveLength(DEMO_PRIVILEGED)
    expect(state.apiKeys).toHaveLength(40)
    expect(state.users.some((u) => u.role === 'developer' || u.role === 'user')).toBe(true)
  })
  it('has invites still pending after their expiry', () => {
    expect(state.invites.filter((i) => i.status === 'pending' && Date.parse(i.expires_at) < NOW.getTime()).length).toBeGreaterThan(0)
  })
  it('has an active named workspace without a spend limit', () => {
    const unlimited = state.workspaces.filter(
      (w) => w.archived_at === null && w.id !== state.defaultWorkspaceId && !state.spendLimits.some((l) => l.scope.type === 'workspace' && l.scope.workspace_id === w.id),
    )
    expect(unlimited.length).toBeGreaterThan(0)
  })
  it('has an active key idle for over 35 days, with its seeded usage unchanged', () => {
    const idle = state.apiKeys.find((k) => k.wire.status === 'active' && k.usageEndHour !== null)
    expect(idle).toBeDefined()
    expect(idle!.usageEndHour! * 3_600_000).toBeLessThanOrEqual(NOW.getTime() - 35 * DAY)
  })
})

describe('the emulator refuses what the Admin API refuses', () => {
  let emu: EmulatorHandle
  let org: Anthropic['beta']['organization']
  beforeAll(async () => {
    emu = await startEmulator({ seed: 1, keys: 40, days: 30, now: () => NOW })
    org = new Anthropic({ apiKey: emu.adminKey, baseURL: emu.baseURL, maxRetries: 0 }).beta.organization
  })
  afterAll(async () => {
    await emu.close()
  })

  it('deletes a pending invite, also one past its expiry, but never an accepted one', async () => {
    const stale = emu.state.invites.find((i) => i.status === 'pending' && Date.parse(i.expires_at) < NOW.getTime())!
    expect(await org.invites.delete(stale.id)).toEqual({ id: stale.id, type: 'invite_deleted' })
    const accepted = emu.state.invites.find((i) => i.status === 'accepted')!
    const error = await org.invites.delete(accepted.id).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BadRequestError)
    expect((error as BadRequestError).message).toMatch(/Only a pending invite can be deleted/)
    expect(emu.state.invites.some((i) => i.id === accepted.id)).toBe(true)
  })

  it('refuses to change or remove an admin with a 403, and changes nothing', async () => {
    const admin = emu.state.users.find((u) => u.role === 'admin')!
    expect(await org.users.update(admin.id, { role: 'developer' }).catch((e: unknown) => e)).toBeInstanceOf(PermissionDeniedError)
    expect(await org.users.remove(admin.id).catch((e: unknown) => e)).toBeInstanceOf(PermissionDeniedError)
    expect(emu.state.users.find((u) => u.id === admin.id)?.role).toBe('admin')
  })

  it('refuses to deactivate an expired key, and deactivates an active one', async () => {
    const expired = emu.state.apiKeys.find((k) => k.wire.status === 'expired')!
    expect(await org.apiKeys.update(expired.wire.id, { status: 'inactive' }).catch((e: unknown) => e)).toBeInstanceOf(BadRequestError)
    const active = emu.state.apiKeys.find((k) => k.wire.status === 'active')!
    expect((await org.apiKeys.update(active.wire.id, { status: 'inactive' })).status).toBe('inactive')
  })
})
