import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ProcedureName, ProfileSummary, ProjectsOverview } from '../../../shared/contract'
import type { Result } from '../../../shared/result'
import { expectEveryCellUnderAHeader } from '../test-support/table-shape'

/** A fake core: two projects (one sharing its key with a third), and the calls the screen made. */
const fake = vi.hoisted(() => ({
  calls: [] as { name: string; input: Record<string, unknown> }[],
  overview: null as unknown,
}))

const SHA = 'e'.repeat(64)
const project = (directory: string, over: Partial<ProjectsOverview['projects'][number]> = {}): ProjectsOverview['projects'][number] => ({
  directory,
  profile: 'acme',
  source: 'binding',
  decidedBy: directory,
  binding: { profile: 'acme', createdAt: '2026-04-01T09:00:00Z' },
  allowed: null,
  projectFile: null,
  exists: true,
  lastServed: null,
  spend: { today: '1.5', monthToDate: '12.345', projected: { low: '18.5175', high: '21.06', shownLow: '18', shownHigh: '22' }, shared: null },
  ...over,
})
const OVERVIEW: ProjectsOverview = {
  currency: 'USD',
  lastSyncedAt: '2026-04-20T15:00:00Z',
  timeZone: 'UTC',
  projects: [
    project('/src/acme', {
      lastServed: { at: '2026-04-20T14:00:00Z', profile: 'acme', directory: '/src/acme/web', agent: 'claude-code', executable: '/usr/bin/node', pid: 4242 },
      projectFile: { state: 'changed', path: '/src/acme/.keyward.json', profile: 'other', sha256: SHA, reason: null },
    }),
    project('/src/one two', {
      profile: 'shared',
      binding: { profile: 'shared', createdAt: '2026-04-01T09:00:00Z' },
      spend: { today: '0', monthToDate: '0', projected: null, shared: { today: '2', monthToDate: '7.25', withProjects: ['/src/three'] } },
    }),
  ],
}

vi.mock('../transport/client', async () => {
  const { createClient } = await import('../../../shared/client')
  const profile = (name: string): ProfileSummary => ({
    name,
    kind: 'api',
    hint: 'sk-ant-api03-Ac…igAA',
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
    switch (name) {
      case 'projects.list':
        return { ok: true, value: fake.overview }
      case 'profiles.list':
        return { ok: true, value: [profile('acme'), profile('shared'), profile('solo')] }
      case 'bindings.set':
        return { ok: true, value: { directory: input.directory, profile: input.profile, replaced: 'acme' } }
      case 'bindings.remove':
        return { ok: true, value: { directory: input.directory, profile: 'acme', createdAt: 'now' } }
      case 'projects.allow':
        return { ok: true, value: { directory: input.directory, profile: 'other', shadowedBy: null } }
      case 'projects.reveal':
        return { ok: true, value: { revealed: true } }
      case 'estimates.month':
        return {
          ok: true,
          value: {
            month: '2026-04',
            source: 'claude-code',
            profiles: [],
            projects: [
              { directory: '/src/client-x', profile: 'client-x', cost: '1.5', sessions: 2, serverCovered: false },
              { directory: '/src/acme', profile: 'acme', cost: '99', sessions: 1, serverCovered: true },
            ],
          },
        }
      default:
        return { ok: false, error: { code: 'NOT_FOUND', message: `fake has no ${name}` } }
    }
  }
  return { client: createClient(transport) }
})

const { ProjectsScreen } = await import('./ProjectsScreen')
const { useAppStore } = await import('../stores/app-store')
const { useRouteStore, parseRoute } = await import('../stores/route-store')

/** Opens a route the way a tray link does, then renders the screen. */
function open(hash: string, host: 'electron' | 'daemon' = 'electron') {
  useAppStore.setState({ info: { name: 'Keyward', version: 't', host, platform: 'linux', dataDir: '/d' } })
  act(() => useRouteStore.setState({ route: parseRoute(hash, 'profiles') }))
  return render(<ProjectsScreen />)
}

beforeEach(() => {
  fake.calls = []
  fake.overview = OVERVIEW
})
afterEach(cleanup)

describe('Projects screen', () => {
  it('lists each project with its spend, projection, shared keys apart, and the tool last served', async () => {
    open('#/projects')
    const table = await screen.findByRole('table', { name: 'Projects' })
    const acme = within(table).getByRole('row', { name: /\/src\/acme/ })
    expect(within(acme).getByText('$1.50')).toBeTruthy()
    expect(within(acme).getByText('$12.35')).toBeTruthy()
    expect(within(acme).getByText('$18–$22')).toBeTruthy()
    expect(within(acme).getByText('claude-code (claimed) · /usr/bin/node (pid 4242)')).toBeTruthy()
    expect(within(acme).getByText(/file needs review/)).toBeTruthy()
    const shared = within(table).getByRole('row', { name: /one two/ })
    expect(within(shared).getByText('+ $7.25 shared')).toBeTruthy()
    expect(within(shared).getByText('Too early to project')).toBeTruthy()
    expect(within(shared).getByRole('link').getAttribute('href')).toBe('#/projects/%2Fsrc%2Fone%20two')
    expectEveryCellUnderAHeader(document.body)
    expect(fake.calls.find((c) => c.name === 'projects.list')).toEqual({ name: 'projects.list', input: { timeZone: expect.any(String) } })
  })

  it('opens one project from its URL-encoded directory, and allows exactly the file shown by its sha256', async () => {
    open('#/projects/%2Fsrc%2Facme')
    expect(await screen.findByRole('heading', { name: '/src/acme' })).toBeTruthy()
    expect(screen.getByTestId('project-last-served').textContent).toMatch(/profile acme to claude-code \(claimed\) · \/usr\/bin\/node \(pid 4242\) in \/src\/acme\/web/)
    expect(screen.getByTestId('project-file-state').textContent).toMatch(/Changed since you allowed it: now proposes profile other/)
    await userEvent.click(screen.getByRole('button', { name: 'Allow profile other' }))
    await waitFor(() => expect(fake.calls).toContainEqual({ name: 'projects.allow', input: { directory: '/src/acme', sha256: SHA } }))
    expect((await screen.findByRole('status')).textContent).toBe('Allowed /src/acme/.keyward.json.')
  })

  it('rebinds to another profile, saying which it replaced, and reveals the directory in the desktop app', async () => {
    open('#/projects/%2Fsrc%2Facme')
    await screen.findByRole('heading', { name: '/src/acme' })
    const select = await screen.findByLabelText('Rebind to')
    expect(within(select).queryByRole('option', { name: 'acme' })).toBeNull()
    await userEvent.selectOptions(select, 'solo')
    await userEvent.click(screen.getByRole('button', { name: 'Rebind' }))
    await waitFor(() => expect(fake.calls).toContainEqual({ name: 'bindings.set', input: { directory: '/src/acme', profile: 'solo' } }))
    // Says what the rebinding replaced, as the CLI and the Profiles form do.
    expect((await screen.findByRole('status')).textContent).toBe('/src/acme is now bound to solo, replacing acme.')
    await userEvent.click(screen.getByRole('button', { name: 'Reveal in file manager' }))
    await waitFor(() => expect(fake.calls).toContainEqual({ name: 'projects.reveal', input: { directory: '/src/acme' } }))
  })

  it('in the browser UI says revealing needs the app and shows the path to copy, without calling reveal', async () => {
    open('#/projects/%2Fsrc%2Fone%20two', 'daemon')
    await screen.findByRole('heading', { name: '/src/one two' })
    expect(screen.queryByRole('button', { name: 'Reveal in file manager' })).toBeNull()
    expect((screen.getByLabelText(/needs the desktop app; copy the path/) as HTMLInputElement).value).toBe('/src/one two')
    expect(screen.getByTestId('project-shared').textContent).toMatch(/also serves: \/src\/three.*never added to a project/)
    expect(fake.calls.some((c) => c.name === 'projects.reveal')).toBe(false)
  })

  it('says so for a directory that is not a project, and when there are none', async () => {
    open('#/projects/%2Fetc')
    expect(await screen.findByTestId('project-unknown')).toBeTruthy()
    cleanup()
    fake.overview = { ...OVERVIEW, projects: [] }
    open('#/projects')
    expect(await screen.findByTestId('projects-empty')).toBeTruthy()
  })

  it("shows Claude Code's estimate, labelled, only for a project whose key no synced org covers", async () => {
    open('#/projects')
    const estimates = await screen.findByTestId('estimates-project')
    expect(estimates.textContent).toContain("/src/client-x: ≈ $1.50 this month (Claude Code's estimate) · 2 sessions")
    // The synced org's figure is the one shown for acme: its estimate is not.
    expect(estimates.textContent).not.toContain('$99')
    expect(screen.getByText(/Not billed figures, and never added to synced usage/)).toBeTruthy()
  })
})
