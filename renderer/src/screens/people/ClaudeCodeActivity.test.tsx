import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ClaudeCodeReport, ProcedureName, UsagePeople, UsageTotals } from '../../../../shared/contract'
import type { Result } from '../../../../shared/result'

const totals = (cost: string, tokens: number): UsageTotals => ({
  cost,
  uncachedInputTokens: tokens,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
  cacheReadTokens: 0,
  outputTokens: 0,
  totalTokens: tokens,
  requests: 1,
})
const figures = (sessions: number, cost: string) => ({
  sessions,
  linesAdded: 1200,
  linesRemoved: 300,
  commits: 7,
  pullRequests: 2,
  toolAccepted: 90,
  toolRejected: 10,
  cost,
  models: [
    { model: 'claude-sonnet-4-5', cost: '3.25', inputTokens: 1000, outputTokens: 500, cacheReadTokens: 0, cacheCreationTokens: 0 },
    { model: 'claude-haiku-4-5', cost: '1.00000001', inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheCreationTokens: 0 },
  ],
})
const REPORT: ClaudeCodeReport = {
  orgId: 'demo',
  orgName: 'Demo',
  from: '2026-03-01',
  to: '2026-03-03',
  daysCached: 3,
  daysInRange: 3,
  lastFetchedAt: '2026-03-03T10:00:00Z',
  people: [
    { actor: 'ada@acme.example', actorType: 'user', ...figures(12, '4.25000001') },
    { actor: 'ci-claude', actorType: 'api_key', ...figures(3, '0.5') },
  ],
  total: figures(15, '4.75000001'),
}
const PEOPLE: UsagePeople = {
  orgId: 'demo',
  orgName: 'Demo',
  currency: 'USD',
  range: { from: '2026-03-01', to: '2026-03-03', timeZone: 'UTC' },
  lastSyncedAt: null,
  dataRefreshedAt: null,
  dates: ['2026-03-01', '2026-03-02', '2026-03-03'],
  count: 1,
  total: totals('20', 1100),
  people: [
    {
      id: 'user_01ada',
      label: 'Ada Lovelace',
      detail: 'Ada@Acme.example',
      type: 'user',
      deleted: false,
      totals: totals('17.5', 1000),
      claudeCodeCost: '10',
      apiCost: '7.5',
      trend: ['1', '0', '16.5'],
      topKey: null,
      topModel: null,
    },
  ],
}

vi.mock('../../transport/client', async () => {
  const { createClient } = await import('../../../../shared/client')
  const transport = async (name: ProcedureName): Promise<Result<unknown>> => {
    switch (name) {
      case 'usage.claudeCode':
        return { ok: true, value: REPORT }
      case 'usage.person':
        return {
          ok: true,
          value: {
            orgId: 'demo',
            currency: 'USD',
            person: { id: 'user_01ada', label: 'Ada Lovelace', detail: 'ada@acme.example', type: 'user', deleted: false },
            total: totals('17.5', 1000),
            byProduct: [],
            byModel: [],
            byKey: [],
            dates: ['2026-03-01'],
            cost: ['17.5'],
            tokens: [1000],
          },
        }
      default:
        return { ok: false, error: { code: 'NOT_FOUND', message: `no ${name}` } }
    }
  }
  return { client: createClient(transport) }
})

const { ClaudeCodePeopleSection, ClaudeCodeTeamTotal } = await import('./ClaudeCodeActivity')
const { PersonPage } = await import('./PersonPage')

afterEach(cleanup)

describe('Claude Code on the People screens', () => {
  it('lists each person’s sessions, lines, commits, PRs, accept rate and estimated cost beside their API spend', async () => {
    render(<ClaudeCodePeopleSection orgId="demo" people={PEOPLE} />)
    const section = await screen.findByTestId('claude-code-people')
    const ada = within(section).getByRole('rowheader', { name: 'ada@acme.example' }).closest('tr')!
    const cells = within(ada)
      .getAllByRole('cell')
      .map((c) => c.textContent)
    expect(cells).toEqual(['12', '+1,200 −300', '7', '2', '90%', '$4.25', '$17.50'])
    expect(within(ada).getAllByRole('cell')[5]!.getAttribute('data-amount')).toBe('4.25000001')
    // A key has no People row with spend here: its API spend is not guessed.
    const key = within(section).getByRole('rowheader', { name: 'ci-claude' }).closest('tr')!
    expect(within(key).getAllByRole('cell').at(-1)!.textContent).toBe('—')
    expect(section.textContent).toContain('not the bill')
  })

  it('shows a person’s Claude Code figures and cost per model on their page, matched by e-mail', async () => {
    render(<PersonPage orgId="demo" personId="user_01ada" />)
    await waitFor(() => expect(screen.getByTestId('claude-code-sessions').textContent).toContain('12'))
    expect(screen.getByTestId('claude-code-accept').textContent).toContain('90%')
    expect(screen.getByTestId('claude-code-cost').getAttribute('data-amount')).toBe('4.25000001')
    const models = within(screen.getByTestId('claude-code-person')).getByRole('table', { name: 'Claude Code by model' })
    expect(
      within(models)
        .getAllByRole('rowheader')
        .map((c) => c.textContent),
    ).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5'])
  })

  it('shows the team total for the range on the dashboard', async () => {
    render(<ClaudeCodeTeamTotal orgId="demo" />)
    await waitFor(() => expect(screen.getByTestId('claude-code-team-sessions').textContent).toContain('15'))
    expect(screen.getByTestId('claude-code-team-cost').getAttribute('data-amount')).toBe('4.75000001')
    expect(screen.getByTestId('claude-code-team-cost').textContent).toContain('UTC days 2026-03-01 to 2026-03-03')
  })
})
