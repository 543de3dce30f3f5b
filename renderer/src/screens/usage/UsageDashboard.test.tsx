import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ProcedureName, UsageTotals } from '../../../../shared/contract'
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

/** A fake core: answers the usage procedures with fixed figures and records what was asked. */
const fake = vi.hoisted(() => ({ calls: [] as Array<{ name: string; input: Record<string, unknown> }> }))

vi.mock('../../transport/client', async () => {
  const { createClient } = await import('../../../../shared/client')
  const transport = async (name: ProcedureName, raw: unknown): Promise<Result<unknown>> => {
    const input = raw as { range?: { from: string; to: string; timeZone: string }; groupBy?: string }
    fake.calls.push({ name, input: raw as Record<string, unknown> })
    const summary = (cost: string, groups: unknown[]) => ({
      orgId: 'demo',
      orgName: 'Demo',
      currency: 'USD',
      range: input.range,
      coveredFrom: null,
      coveredTo: null,
      lastSyncedAt: '2026-03-01T10:00:00Z',
      total: totals(cost, 1234),
      groups,
    })
    switch (name) {
      case 'usage.summary':
        if (input.groupBy === 'key') {
          return { ok: true, value: summary('12.3456789', [{ id: 'apikey_1', label: 'ci key', kind: 'unmatched', detail: 'sk-ant-api03-abc...WXYZ · not in Keyward', totals: totals('12.3456789', 99) }]) }
        }
        return { ok: true, value: summary(input.range?.from === input.range?.to ? '0.004999' : '1234.565', []) }
      case 'usage.daily':
        return { ok: true, value: { orgId: 'demo', currency: 'USD', dates: ['2026-03-01'], series: [{ id: 'apikey_1', label: 'ci key', cost: ['12.3456789'], tokens: [99] }], total: totals('12.3456789', 99) } }
      case 'usage.status':
        return { ok: true, value: { orgs: [] } }
      default:
        return { ok: false, error: { code: 'NOT_FOUND', message: `no ${name}` } }
    }
  }
  return { client: createClient(transport) }
})

const { UsageDashboard } = await import('./UsageDashboard')

afterEach(cleanup)

describe('UsageDashboard', () => {
  it('shows today and month to date in the user time zone, exactly rounded, and links keys to their page', async () => {
    render(<UsageDashboard orgId="demo" />)
    await waitFor(() => expect(screen.getByTestId('usage-mtd').getAttribute('data-amount')).toBe('1234.565'))
    expect(screen.getByTestId('usage-mtd').textContent).toContain('$1,234.57') // half away from zero, on the exact string
    expect(screen.getByTestId('usage-today').textContent).toContain('$0.00')
    expect(screen.getByTestId('usage-tz').textContent).toMatch(/Today and this month follow your time zone \(.+\)/)
    const link = screen.getByRole('link', { name: 'ci key' })
    expect(link.getAttribute('href')).toBe('#/usage/key/apikey_1')
    expect(screen.getByText('not in Keyward')).toBeTruthy()
    const asked = fake.calls.filter((c) => c.name === 'usage.summary').map((c) => (c.input.range as { timeZone: string }).timeZone)
    expect(new Set(asked).size).toBe(1)
  })
})
