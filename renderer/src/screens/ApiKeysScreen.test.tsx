import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AdminApiKey, AdminUser, KeysLastUsed, ProcedureName } from '../../../shared/contract'
import type { Result } from '../../../shared/result'
import { expectEveryCellUnderAHeader } from '../test-support/table-shape'

/** A fake core: one org, three keys, two pages of users, and a last-use map the test sets. */
const fake = vi.hoisted(() => ({
  calls: [] as { name: string; input: Record<string, unknown> }[],
  lastUsed: null as unknown,
}))

const key = (id: string, name: string, createdBy: AdminApiKey['createdBy']): AdminApiKey => ({
  id,
  name,
  status: 'active',
  partialKeyHint: 'sk-ant-api03-ab…cdAA',
  workspaceId: null,
  createdAt: '2026-01-01T00:00:00Z',
  createdBy,
  expiresAt: null,
})
const user = (id: string, name: string, email: string): AdminUser => ({ id, name, email, role: 'developer', addedAt: '2025-01-01T00:00:00Z' })

vi.mock('../transport/client', async () => {
  const { createClient } = await import('../../../shared/client')
  const transport = async (name: ProcedureName, raw: unknown): Promise<Result<unknown>> => {
    const input = raw as Record<string, unknown>
    fake.calls.push({ name, input })
    switch (name) {
      case 'orgs.list':
        return { ok: true, value: [{ id: 'org_1', name: 'Acme', baseURL: 'http://127.0.0.1:1', adminProfile: 'adm', demo: false }] }
      case 'admin.listWorkspaces':
        return { ok: true, value: { items: [], nextCursor: null } }
      case 'admin.listApiKeys':
        return {
          ok: true,
          value: {
            items: [
              key('key_a', 'alpha', { id: 'user_1', type: 'user' }),
              key('key_b', 'beta', { id: 'user_2', type: 'user' }),
              key('key_c', 'gamma', { id: 'sa_1', type: 'service_account' }),
              key('key_d', 'delta', { id: 'user_gone', type: 'user' }),
            ],
            nextCursor: null,
          },
        }
      case 'admin.listUsers':
        return input.cursor === null
          ? { ok: true, value: { items: [user('user_1', 'Ada Lovelace', 'ada@example.com')], nextCursor: 'user_1' } }
          : { ok: true, value: { items: [user('user_2', '', 'grace@example.com')], nextCursor: null } }
      case 'usage.lastUsed':
        return { ok: true, value: fake.lastUsed }
      default:
        return { ok: false, error: { code: 'NOT_FOUND', message: `fake has no ${name}` } }
    }
  }
  return { client: createClient(transport) }
})

const { ApiKeysScreen } = await import('./ApiKeysScreen')
const { useKeyContextStore } = await import('../stores/api-key-context-store')

const rowOf = async (name: string) => {
  const table = await screen.findByRole('table', { name: 'API keys' })
  return within(table).getByRole('row', { name: new RegExp(name) })
}

beforeEach(() => {
  fake.calls = []
  useKeyContextStore.setState({ byOrg: {} })
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('API keys screen: created by and last use', () => {
  it('names creators from every page of org users, with readable labels for service accounts and unknown users', async () => {
    fake.lastUsed = { orgId: 'org_1', lastSyncedAt: null, coveredFrom: null, keys: {} } satisfies KeysLastUsed
    render(<ApiKeysScreen />)
    expect(await within(await rowOf('alpha')).findByText('Ada Lovelace')).toBeTruthy()
    expect(
      within(await rowOf('alpha'))
        .getByText('Ada Lovelace')
        .getAttribute('title'),
    ).toBe('ada@example.com')
    expect(within(await rowOf('beta')).getByText('grace@example.com')).toBeTruthy()
    expect(within(await rowOf('gamma')).getByTestId('api-key-creator').textContent).toBe('Service account')
    expect(within(await rowOf('delta')).getByTestId('api-key-creator').textContent).toBe('Former or unknown user')
    expectEveryCellUnderAHeader(document.body)
    expect(fake.calls.filter((c) => c.name === 'admin.listUsers').map((c) => c.input.cursor)).toEqual([null, 'user_1'])
    expect(within(await rowOf('alpha')).getByTestId('api-key-last-use').textContent).toBe('never synced')
  })

  it('shows last use from the usage cache, and "no use in 90 days" for keys the synced cache never saw', async () => {
    // Ages and "no use in N days" count from the clock: fix it (Date only, so testing-library's timers run).
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-06T12:00:00Z'))
    fake.lastUsed = {
      orgId: 'org_1',
      lastSyncedAt: '2026-03-06T11:05:00.000Z',
      coveredFrom: '2025-12-06T12:00:00.000Z',
      keys: { key_a: { at: '2026-03-05T06:00:00.000Z', bucket: 'hour' }, key_b: { at: '2026-03-03T00:00:00.000Z', bucket: 'day' } },
    } satisfies KeysLastUsed
    render(<ApiKeysScreen />)
    const alpha = await rowOf('alpha')
    // An hour bucket says how long ago (30 hours: yesterday), its local time on hover.
    await waitFor(() => expect(within(alpha).getByTestId('api-key-last-use').textContent).toBe('yesterday'))
    expect(within(alpha).getByTestId('api-key-last-use').querySelector('[title]')?.getAttribute('title')).toMatch(/^the hour starting \w{3} \d, 2026, /)
    expect(within(await rowOf('beta')).getByTestId('api-key-last-use').textContent).toMatch(/Mar 3, 2026|2026/)
    expect(within(await rowOf('gamma')).getByTestId('api-key-last-use').textContent).toBe('no use in 90 days')
    // Users are cached per org: a second visit lists them no more.
    cleanup()
    render(<ApiKeysScreen />)
    await within(await rowOf('alpha')).findByText('Ada Lovelace')
    expect(fake.calls.filter((c) => c.name === 'admin.listUsers')).toHaveLength(2)
    expect(fake.calls.filter((c) => c.name === 'usage.lastUsed')).toHaveLength(2)
  })
})
