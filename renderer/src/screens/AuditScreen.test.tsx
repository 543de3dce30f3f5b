import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AuditRow, ProcedureName } from '../../../shared/contract'
import type { Result } from '../../../shared/result'
import { expectEveryCellUnderAHeader } from '../test-support/table-shape'

/** A fake core: audit.list pages through `rows` (the cursor is an index) and records every request. */
const fake = vi.hoisted(() => ({ rows: [] as AuditRow[], calls: [] as Record<string, unknown>[], emptyPages: 0 }))

vi.mock('../transport/client', async () => {
  const { createClient } = await import('../../../shared/client')
  const transport = async (name: ProcedureName, raw: unknown): Promise<Result<unknown>> => {
    if (name === 'profiles.list')
      return {
        ok: true,
        value: [
          { name: 'acme', kind: 'api', hint: 'sk-ant-api03-ab…cdAA', tags: [], createdAt: '2025-01-01T00:00:00Z', rotatedAt: null, isDefault: false, requiresApproval: false, forwardable: false },
        ],
      }
    if (name !== 'audit.list') return { ok: false, error: { code: 'INTERNAL', message: `unexpected ${name}` } }
    const input = raw as { limit: number; cursor?: string; event?: string }
    fake.calls.push(input as Record<string, unknown>)
    // A page that scanned its budget without a match: empty, with a cursor to go on from.
    if (fake.emptyPages > 0) {
      fake.emptyPages--
      return { ok: true, value: { rows: [], nextCursor: input.cursor ?? '0' } }
    }
    const matching = fake.rows.filter((r) => !input.event || (r.kind === 'entry' && r.entry.event === input.event))
    const from = Number(input.cursor ?? 0)
    const to = from + input.limit
    return { ok: true, value: { rows: matching.slice(from, to), nextCursor: to < matching.length ? String(to) : null } }
  }
  return { client: createClient(transport as never) }
})

const { AuditScreen } = await import('./AuditScreen')

const served = (i: number): AuditRow => ({
  kind: 'entry',
  offset: 1000 - i,
  entry: {
    time: new Date(Date.UTC(2026, 2, 1, 12, 0, 0) - i * 60_000).toISOString(),
    event: i % 2 ? 'key.denied' : 'key.served',
    profile: 'acme',
    directory: `/src/p${i}`,
    agent: i === 0 ? '=cmd|"/c calc"!A0' : 'claude-code',
    pid: 4000 + i,
    executable: '/usr/bin/node',
  },
})

beforeEach(() => {
  fake.calls = []
  fake.emptyPages = 0
  fake.rows = [served(0), { kind: 'unreadable', offset: 500, line: 3, reason: 'torn', excerpt: '{"time":"2026-03-0' }, served(1), served(2)]
})
afterEach(cleanup)

describe('Audit screen', () => {
  it('lists entries newest first with the real caller, and an unreadable line in place, saying so', async () => {
    render(<AuditScreen />)
    const table = await screen.findByRole('table', { name: 'Audit log' })
    const rows = await within(table).findAllByRole('row')
    expect(rows).toHaveLength(5)
    expect(expectEveryCellUnderAHeader(document.body)).toBe(4)
    expect(rows[1]?.textContent).toContain('key.served')
    expect(rows[1]?.textContent).toContain('/usr/bin/node (pid 4000)')
    expect(rows[2]?.textContent).toContain('Unreadable line 3')
    expect(rows[2]?.textContent).toContain('{"time":"2026-03-0')
    expect(rows[3]?.textContent).toContain('/src/p1')
    expect(screen.getByTestId('audit-unreadable-note').textContent).toContain('1 line of the log could not be read')
  })

  it('sends the filters: an event from the closed set, a day with the user time zone', async () => {
    const user = userEvent.setup()
    render(<AuditScreen />)
    await screen.findAllByRole('row')
    await user.selectOptions(screen.getByLabelText('Event'), 'key.denied')
    await waitFor(() => expect(fake.calls.at(-1)).toMatchObject({ event: 'key.denied' }))
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2))
    const since = screen.getByLabelText('Since')
    await user.type(since, '2026-03-01')
    await waitFor(() => expect(fake.calls.at(-1)).toMatchObject({ since: '2026-03-01', timeZone: expect.any(String), event: 'key.denied' }))
    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(fake.calls.at(-1)).toEqual({ limit: 200 }))
  })

  it('pages with "Load more" until the end of the log', async () => {
    fake.rows = Array.from({ length: 250 }, (_, i) => served(i))
    const user = userEvent.setup()
    render(<AuditScreen />)
    const more = await screen.findByRole('button', { name: 'Load more' })
    expect(fake.calls).toEqual([{ limit: 200 }])
    await user.click(more)
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull())
    expect(fake.calls.at(-1)).toEqual({ limit: 200, cursor: '200' })
    expect(screen.getByRole('table', { name: 'Audit log' }).getAttribute('aria-rowcount')).toBe('251')
  })

  it('reads on past pages that scanned without a match instead of showing "no entries"', async () => {
    fake.emptyPages = 2
    render(<AuditScreen />)
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(5))
    expect(fake.calls).toHaveLength(3)
    expect(screen.queryByTestId('audit-empty')).toBeNull()
  })

  it('names what an admin change was about instead of its id, keeps the id on hover and finds the row by it', async () => {
    fake.rows = [
      {
        kind: 'entry',
        offset: 9,
        entry: {
          time: '2026-03-01T12:00:00.000Z',
          event: 'admin.action',
          profile: 'acme-admin',
          detail: 'Acme: set API key apikey_01XY inactive',
          target: { kind: 'apiKey', id: 'apikey_01XY', name: 'ci-deploy' },
        },
      },
      served(1),
    ]
    const user = userEvent.setup()
    render(<AuditScreen />)
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(3))
    const what = within(screen.getAllByRole('row')[1]!).getByText(/set API key/)
    expect(what.textContent).toContain('Acme: set API key "ci-deploy" inactive')
    expect(what.textContent).not.toContain('apikey_01XY')
    expect(what.getAttribute('title')).toContain('apikey_01XY')
    await user.type(screen.getByRole('searchbox', { name: 'Search entries' }), 'apikey_01XY')
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2))
  })

  it('exports every matching row as CSV through a Blob, formula cells defused', async () => {
    fake.rows = Array.from({ length: 1500 }, (_, i) => served(i))
    const blobs: Blob[] = []
    const create = vi.fn((blob: Blob) => (blobs.push(blob), 'blob:audit'))
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: vi.fn() })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    const user = userEvent.setup()
    render(<AuditScreen />)
    await screen.findAllByRole('row')
    await user.click(screen.getByRole('button', { name: 'Export CSV' }))
    await screen.findByText('Exported 1,500 rows to keyward-audit.csv.')
    expect(click).toHaveBeenCalledOnce()
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader()
      reader.onload = () => resolve(String(reader.result))
      reader.readAsText(blobs[0]!)
    })
    const records = text.split('\r\n')
    expect(records[0]).toBe('time,event,profile,directory,agent,transport,pid,executable,processDirectory,requester,host,targetKind,targetId,targetName,detail,line')
    expect(records[1]).toBe(`2026-03-01T12:00:00.000Z,key.served,acme,/src/p0,"'=cmd|""/c calc""!A0",,4000,/usr/bin/node,,,,,,,,`)
    expect(records).toHaveLength(1502)
    click.mockRestore()
  })
})
