import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BindingSummary, ProcedureName, ProfileSummary } from '../../../shared/contract'
import type { Result } from '../../../shared/result'
import { expectEveryCellUnderAHeader } from '../test-support/table-shape'

/** A fake core behind the transport: records every call and answers from in-memory state. */
const fake = vi.hoisted(() => ({
  calls: [] as { name: string; input: Record<string, unknown> }[],
  profiles: [] as ProfileSummary[],
  bindings: [] as BindingSummary[],
  failNext: null as null | { code: string; message: string },
}))

vi.mock('../transport/client', async () => {
  const { createClient } = await import('../../../shared/client')
  const summary = (name: string, kind: 'api' | 'admin', hint: string): ProfileSummary => ({
    name,
    kind,
    hint,
    tags: [],
    createdAt: '2025-01-01T00:00:00Z',
    rotatedAt: null,
    isDefault: false,
    requiresApproval: false,
    forwardable: false,
  })
  const transport = async (name: ProcedureName, raw: unknown): Promise<Result<unknown>> => {
    const input = raw as Record<string, unknown>
    fake.calls.push({ name, input })
    if (fake.failNext && name !== 'profiles.list' && name !== 'bindings.list') {
      const error = fake.failNext
      fake.failNext = null
      return { ok: false, error: error as never }
    }
    switch (name) {
      case 'profiles.list':
        return { ok: true, value: fake.profiles }
      case 'bindings.list':
        return { ok: true, value: fake.bindings }
      case 'profiles.add': {
        const key = String(input.key)
        const added = summary(String(input.name), input.kind as 'api', `${key.slice(0, 15)}…${key.slice(-4)}`)
        fake.profiles = [...fake.profiles, added]
        return { ok: true, value: added }
      }
      case 'profiles.rename':
        fake.profiles = fake.profiles.map((p) => (p.name === input.from ? { ...p, name: String(input.to) } : p))
        return { ok: true, value: fake.profiles.find((p) => p.name === input.to) }
      case 'profiles.remove':
        fake.profiles = fake.profiles.filter((p) => p.name !== input.name)
        fake.bindings = fake.bindings.filter((b) => b.profile !== input.name)
        return { ok: true, value: { name: input.name, removedBindings: [], clearedDefault: false } }
      case 'profiles.setDefault':
        fake.profiles = fake.profiles.map((p) => ({ ...p, isDefault: p.name === input.name }))
        return { ok: true, value: { defaultProfile: input.name } }
      case 'profiles.setApproval':
        fake.profiles = fake.profiles.map((p) => (p.name === input.name ? { ...p, requiresApproval: input.required === true } : p))
        return { ok: true, value: fake.profiles.find((p) => p.name === input.name) }
      case 'profiles.setForwardable':
        fake.profiles = fake.profiles.map((p) => (p.name === input.name ? { ...p, forwardable: input.forwardable === true } : p))
        return { ok: true, value: fake.profiles.find((p) => p.name === input.name) }
      case 'bindings.set': {
        const replaced = fake.bindings.find((b) => b.directory === input.directory)?.profile ?? null
        fake.bindings = [...fake.bindings.filter((b) => b.directory !== input.directory), { directory: String(input.directory), profile: String(input.profile), createdAt: 'now' }]
        return { ok: true, value: { directory: input.directory, profile: input.profile, replaced } }
      }
      case 'bindings.remove':
        fake.bindings = fake.bindings.filter((b) => b.directory !== input.directory)
        return { ok: true, value: { directory: input.directory, profile: 'x', createdAt: 'now' } }
      default:
        return { ok: false, error: { code: 'NOT_FOUND', message: `fake has no ${name}` } }
    }
  }
  return { client: createClient(transport) }
})

const { ProfilesScreen } = await import('./ProfilesScreen')

const KEY = `sk-ant-api03-R2D${'q'.repeat(88)}igAA`
const ADMIN = `sk-ant-admin01-${'z'.repeat(60)}AA`

beforeEach(() => {
  fake.calls = []
  fake.bindings = []
  fake.failNext = null
  fake.profiles = [
    { name: 'acme', kind: 'api', hint: 'sk-ant-api03-Ac…igAA', tags: [], createdAt: '2025-01-01T00:00:00Z', rotatedAt: null, isDefault: false, requiresApproval: false, forwardable: false },
    { name: 'org', kind: 'admin', hint: 'sk-ant-admin01-…zzAA', tags: [], createdAt: '2025-01-01T00:00:00Z', rotatedAt: null, isDefault: false, requiresApproval: false, forwardable: false },
  ]
})
afterEach(cleanup)

describe('Profiles screen', () => {
  it('lists profiles with hints and kinds, and only API profiles can become the default', async () => {
    render(<ProfilesScreen />)
    const table = await screen.findByRole('table', { name: 'Profiles' })
    const acme = within(table).getByRole('row', { name: /acme/ })
    expect(within(acme).getByTitle('sk-ant-api03-Ac…igAA').textContent).toBe('sk-ant-api03-Ac…igAA')
    expect(within(table).queryByRole('button', { name: 'Make org the default' })).toBeNull()
    expectEveryCellUnderAHeader(document.body)
    await userEvent.click(within(acme).getByRole('button', { name: 'Make acme the default' }))
    expect(await within(table).findByText('Default', { selector: '.badge' })).toBeTruthy()
    expect(fake.calls).toContainEqual({ name: 'profiles.setDefault', input: { name: 'acme' } })
  })

  it('turns "requires approval" on for an API profile through profiles.setApproval; Admin profiles have no switch', async () => {
    render(<ProfilesScreen />)
    const table = await screen.findByRole('table', { name: 'Profiles' })
    expect(within(table).queryByRole('switch', { name: 'Require approval before serving org' })).toBeNull()
    const toggle = within(table).getByRole('switch', { name: 'Require approval before serving acme' }) as HTMLInputElement
    expect(toggle.checked).toBe(false)
    await userEvent.click(toggle)
    await waitFor(() => expect((within(table).getByRole('switch', { name: 'Require approval before serving acme' }) as HTMLInputElement).checked).toBe(true))
    expect(fake.calls).toContainEqual({ name: 'profiles.setApproval', input: { name: 'acme', required: true } })
  })

  it('marks an API profile forwardable over SSH through profiles.setForwardable; Admin profiles have no switch', async () => {
    render(<ProfilesScreen />)
    const table = await screen.findByRole('table', { name: 'Profiles' })
    expect(within(table).queryByRole('switch', { name: 'Forward org to machines reached over SSH' })).toBeNull()
    const toggle = within(table).getByRole('switch', { name: 'Forward acme to machines reached over SSH' }) as HTMLInputElement
    expect(toggle.checked).toBe(false)
    await userEvent.click(toggle)
    await waitFor(() => expect((within(table).getByRole('switch', { name: 'Forward acme to machines reached over SSH' }) as HTMLInputElement).checked).toBe(true))
    expect(fake.calls).toContainEqual({ name: 'profiles.setForwardable', input: { name: 'acme', forwardable: true } })
  })

  it('adds a pasted key, clears the field, and shows only the hint afterwards', async () => {
    render(<ProfilesScreen />)
    await screen.findByRole('table', { name: 'Profiles' })
    await userEvent.type(screen.getByLabelText('Profile name'), 'client')
    const keyField = screen.getByLabelText('Key') as HTMLInputElement
    expect(keyField.type).toBe('password')
    await userEvent.click(keyField)
    await userEvent.paste(`${KEY}\n`)
    await userEvent.click(screen.getByRole('button', { name: 'Add key' }))
    expect(await screen.findByRole('status')).toHaveProperty('textContent', expect.stringContaining('Added client'))
    expect(keyField.value).toBe('')
    expect(fake.calls).toContainEqual({ name: 'profiles.add', input: { name: 'client', kind: 'api', key: KEY } })
    expect((await screen.findByTitle('sk-ant-api03-R2…igAA')).textContent).toBe('sk-ant-api03-R2…igAA')
    expect(document.body.innerHTML).not.toContain(KEY.slice(13, 40))
  })

  it('refuses a wrong kind of key in place, without sending it, and clears the field', async () => {
    render(<ProfilesScreen />)
    await screen.findByRole('table', { name: 'Profiles' })
    await userEvent.type(screen.getByLabelText('Profile name'), 'client')
    const keyField = screen.getByLabelText('Key') as HTMLInputElement
    await userEvent.click(keyField)
    await userEvent.paste(ADMIN)
    await userEvent.click(screen.getByRole('button', { name: 'Add key' }))
    expect(keyField.value).toBe('')
    expect(keyField.getAttribute('aria-invalid')).toBe('true')
    const described = document.getElementById(keyField.getAttribute('aria-describedby')!)!
    expect(described.textContent).toMatch(/Expected an API key .* starts with sk-ant-admin01-/)
    expect(fake.calls.some((c) => c.name === 'profiles.add')).toBe(false)
    expect(document.body.innerHTML).not.toContain(ADMIN.slice(15, 40))
  })

  it('shows the core’s error in place when it refuses (duplicate name)', async () => {
    render(<ProfilesScreen />)
    await screen.findByRole('table', { name: 'Profiles' })
    fake.failNext = { code: 'ALREADY_EXISTS', message: 'a profile named "acme" already exists; pick another name' }
    await userEvent.type(screen.getByLabelText('Profile name'), 'acme')
    await userEvent.click(screen.getByLabelText('Key'))
    await userEvent.paste(KEY)
    await userEvent.click(screen.getByRole('button', { name: 'Add key' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('already exists')
    expect(alert.getAttribute('data-code')).toBe('ALREADY_EXISTS')
    expect((screen.getByLabelText('Key') as HTMLInputElement).value).toBe('')
  })

  it('renames inline', async () => {
    render(<ProfilesScreen />)
    await userEvent.click(await screen.findByRole('button', { name: 'Rename acme' }))
    const field = screen.getByLabelText('New name for acme')
    await userEvent.clear(field)
    await userEvent.type(field, 'acme-2{Enter}')
    expect(await screen.findByRole('row', { name: /acme-2/ })).toBeTruthy()
    expect(fake.calls).toContainEqual({ name: 'profiles.rename', input: { from: 'acme', to: 'acme-2' } })
  })

  it('binds a directory, lists it, and removing a bound profile asks first and names the binding', async () => {
    render(<ProfilesScreen />)
    await screen.findByRole('table', { name: 'Profiles' })
    await userEvent.type(screen.getByLabelText('Directory'), '/home/me/acme')
    expect(
      within(screen.getByLabelText('Profile'))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['acme'])
    await userEvent.click(screen.getByRole('button', { name: 'Bind directory' }))
    const bindings = await screen.findByRole('table', { name: 'Project bindings' })
    expect(within(bindings).getByText('/home/me/acme')).toBeTruthy()
    expect(fake.calls).toContainEqual({ name: 'bindings.set', input: { directory: '/home/me/acme', profile: 'acme' } })

    await userEvent.click(screen.getByRole('button', { name: 'Remove acme' }))
    const dialog = screen.getByRole('dialog', { name: 'Remove acme?' })
    expect(within(dialog).getByText('/home/me/acme')).toBeTruthy()
    expect(fake.calls.some((c) => c.name === 'profiles.remove')).toBe(false)
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(fake.calls.some((c) => c.name === 'profiles.remove')).toBe(false)

    await userEvent.click(screen.getByRole('button', { name: 'Remove acme' }))
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove' }))
    await waitFor(() => expect(screen.queryByRole('row', { name: /acme/ })).toBeNull())
    expect(fake.calls).toContainEqual({ name: 'profiles.remove', input: { name: 'acme', force: true } })
  })

  it('says what a binding replaced, as the CLI does', async () => {
    render(<ProfilesScreen />)
    await screen.findByRole('table', { name: 'Profiles' })
    await userEvent.type(screen.getByLabelText('Directory'), '/home/me/acme')
    await userEvent.click(screen.getByRole('button', { name: 'Bind directory' }))
    expect((await screen.findByRole('status')).textContent).toBe('/home/me/acme is now bound to acme.')
    fake.bindings = [{ directory: '/home/me/acme', profile: 'gamma', createdAt: 'now' }]
    await userEvent.type(screen.getByLabelText('Directory'), '/home/me/acme')
    await userEvent.click(screen.getByRole('button', { name: 'Bind directory' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('/home/me/acme is now bound to acme, replacing gamma.'))
  })

  it('shows a binding error in place', async () => {
    render(<ProfilesScreen />)
    await screen.findByRole('table', { name: 'Profiles' })
    fake.failNext = { code: 'INVALID_INPUT', message: 'there is no directory /nope; create it first or pass an existing one with --dir' }
    await userEvent.type(screen.getByLabelText('Directory'), '/nope')
    await userEvent.click(screen.getByRole('button', { name: 'Bind directory' }))
    expect((await screen.findByRole('alert')).textContent).toBe('There is no directory /nope; create it first.')
  })
})
