import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { HOUR_MS, type LocalRange, datesOf, startOfLocalDay, systemTimeZone } from '../../../../shared/calendar'
import type { ProcedureName, UsageTotals } from '../../../../shared/contract'
import type { Result } from '../../../../shared/result'
import { expectEveryCellUnderAHeader } from '../../test-support/table-shape'

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

/**
 * A fake core: records what was asked and answers a by-model summary with the spend of the days
 * in the asked range, as the real core sums its buckets. It never guesses "today" from the
 * range's shape: on the 1st of a month, month to date is one day long too.
 */
const fake = vi.hoisted(() => ({ calls: [] as Array<{ name: string; input: Record<string, unknown> }> }))

/** The spend per local date, in millionths of a dollar (so sums are exact). */
const DAY_MICROS: Record<string, number> = { '2026-03-01': 5_000, '2026-03-14': 1_234_559_000, '2026-03-15': 1_000 }
const spendOf = (range: LocalRange): string => {
  const micros = datesOf(range).reduce((sum, d) => sum + (DAY_MICROS[d] ?? 0), 0)
  return (micros / 1e6).toFixed(6).replace(/\.?0+$/, '')
}

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
          return { ok: true, value: summary('12.3456789', [{ id: 'apikey_1', label: 'ci key', kind: 'unmatched', detail: 'sk-ant-api03-abc...WXYZ', totals: totals('12.3456789', 99) }]) }
        }
        if (input.groupBy === 'project') {
          return { ok: true, value: summary('12.3456789', [{ id: 'apikey_1', label: '/src/acme', kind: 'group', detail: 'profile acme', totals: totals('12.3456789', 99) }]) }
        }
        return { ok: true, value: summary(spendOf(input.range!), []) }
      case 'usage.daily':
        return {
          ok: true,
          value: { orgId: 'demo', currency: 'USD', dates: ['2026-03-01'], series: [{ id: 'apikey_1', label: 'ci key', cost: ['12.3456789'], tokens: [99] }], total: totals('12.3456789', 99) },
        }
      case 'usage.status':
        return { ok: true, value: { orgs: [] } }
      case 'usage.projection': {
        const row = (id: string, label: string) => ({ id, label, kind: 'group', monthToDate: '12.3456789', projection: { low: '1234.5', high: '1567.8', shownLow: '1200', shownHigh: '1600' } })
        const method = 'Month-to-date spend plus the rest of the month at two paces.'
        return {
          ok: true,
          value: {
            orgId: 'demo',
            orgName: 'Demo',
            currency: 'USD',
            month: '2026-03',
            timeZone: 'UTC',
            groupBy: input.groupBy,
            coveredTo: '2026-03-15T11:00:00.000Z',
            method,
            total: row('~total', 'Total'),
            groups: [row('apikey_1', 'ci key')],
          },
        }
      }
      case 'alerts.spikes':
        return {
          ok: true,
          value: {
            rule: { enabled: true, multiplier: 5, minAmount: '10', channels: [] },
            recent: [
              {
                orgId: 'demo',
                orgName: 'Demo',
                groupBy: 'key',
                subjectId: 'apikey_1',
                subjectLabel: 'ci key',
                key: { id: 'apikey_1', name: 'ci key' },
                workspace: 'Production',
                person: null,
                hour: '2026-03-14T21:00:00.000Z',
                cost: '250.5',
                baseline: '3',
                detectedAt: '2026-03-15T00:00:00.000Z',
              },
              {
                orgId: 'other',
                orgName: 'Other',
                groupBy: 'key',
                subjectId: 'apikey_9',
                subjectLabel: 'x',
                key: null,
                workspace: null,
                person: null,
                hour: '2026-03-14T20:00:00.000Z',
                cost: '99',
                baseline: '1',
                detectedAt: '2026-03-15T00:00:00.000Z',
              },
            ],
          },
        }
      default:
        return { ok: false, error: { code: 'NOT_FOUND', message: `no ${name}` } }
    }
  }
  return { client: createClient(transport) }
})

const { UsageDashboard } = await import('./UsageDashboard')

/** Sets the clock to `hours` after local midnight of `date` in the runtime's zone, whatever that zone is. */
function setLocalClock(date: string, hours: number): string {
  const zone = systemTimeZone()
  vi.setSystemTime(startOfLocalDay(date, zone) + hours * HOUR_MS)
  return zone
}

/** The distinct ranges the dashboard asked for its today and month-to-date tiles (both grouped by model; it may load twice). */
const tileRanges = () => new Set(fake.calls.filter((c) => c.name === 'usage.summary' && c.input.groupBy === 'model').map((c) => JSON.stringify(c.input.range)))
const asJson = (...ranges: Array<LocalRange & { timeZone: string }>) => new Set(ranges.map((r) => JSON.stringify({ from: r.from, to: r.to, timeZone: r.timeZone })))

afterEach(() => {
  cleanup()
  fake.calls.length = 0
  vi.useRealTimers()
})

describe('UsageDashboard', () => {
  it('shows today and month to date in the user time zone, exactly rounded, and links keys to their page', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const zone = setLocalClock('2026-03-15', 12)
    render(<UsageDashboard orgId="demo" />)
    await waitFor(() => expect(screen.getByTestId('usage-mtd').getAttribute('data-amount')).toBe('1234.565'))
    expect(tileRanges()).toEqual(asJson({ from: '2026-03-15', to: '2026-03-15', timeZone: zone }, { from: '2026-03-01', to: '2026-03-15', timeZone: zone }))
    expect(screen.getByTestId('usage-mtd').textContent).toContain('$1,234.57') // half away from zero, on the exact string
    expect(screen.getByTestId('usage-today').getAttribute('data-amount')).toBe('0.001')
    expect(screen.getByTestId('usage-today').textContent).toContain('$0.00')
    expect(screen.getByTestId('usage-tz').textContent).toContain(`Today and this month follow your time zone (${zone})`)
    const link = within(screen.getByTestId('top-keys')).getByRole('link', { name: 'ci key' })
    expect(link.getAttribute('href')).toBe('#/usage/key/apikey_1')
    // Said once per row: the tag, not again in the detail.
    expect(
      within(screen.getByTestId('top-keys'))
        .getByRole('row', { name: /ci key/ })
        .textContent!.match(/not in Keyward/g),
    ).toHaveLength(1)
    const asked = fake.calls.filter((c) => c.name === 'usage.summary').map((c) => (c.input.range as { timeZone: string }).timeZone)
    expect(new Set(asked).size).toBe(1)
  })

  it('shows the month-end projection as a range with its method in a tooltip, per key, and the org’s recent spikes', async () => {
    render(<UsageDashboard orgId="demo" />)
    await waitFor(() => expect(screen.getByTestId('usage-projection').getAttribute('data-low')).toBe('1200'))
    expect(screen.getByTestId('usage-projection').textContent).toContain('$1,200–$1,600')
    const help = screen.getByRole('button', { name: 'How the month end is projected' })
    expect(help.getAttribute('aria-describedby')).toBe('projection-method')
    expect(screen.getByRole('tooltip', { hidden: true }).textContent).toBe('Month-to-date spend plus the rest of the month at two paces.')
    expect(screen.getAllByTestId('key-projection')[0]?.textContent).toBe('$1,200–$1,600')
    const spikes = screen.getByTestId('usage-spikes')
    expect(spikes.textContent).toContain('ci key')
    expect(spikes.textContent).toContain('Production')
    expect(spikes.textContent).toContain('$250.50')
    expect(spikes.textContent).toContain('21:00–22:00 UTC')
    expect(spikes.querySelectorAll('tbody tr')).toHaveLength(1) // only this org's
  })

  it('on the 1st of a month, half an hour after local midnight, today and month to date are the same one day', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const zone = setLocalClock('2026-03-01', 0.5)
    render(<UsageDashboard orgId="demo" />)
    await waitFor(() => expect(screen.getByTestId('usage-mtd').getAttribute('data-amount')).toBe('0.005'))
    expect(tileRanges()).toEqual(asJson({ from: '2026-03-01', to: '2026-03-01', timeZone: zone }))
    expect(screen.getByTestId('usage-today').getAttribute('data-amount')).toBe('0.005')
    expect(screen.getByTestId('usage-today').textContent).toContain('$0.01')
    expect(screen.getByTestId('usage-mtd').textContent).toContain('$0.01')
  })

  it('puts each project’s month end under its own header, inside the breakdown table, like every other figure', async () => {
    render(<UsageDashboard orgId="demo" />)
    const breakdown = await screen.findByTestId('usage-breakdown')
    await waitFor(() => expect(within(breakdown).getByRole('row', { name: /\/src\/acme/ }).textContent).toContain('$1,200–$1,600'))
    expect(
      within(breakdown)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Project', 'Detail', 'Cost', 'Tokens', 'Month end, projected'])
    const cells = within(within(breakdown).getByRole('row', { name: /\/src\/acme/ })).getAllByRole('cell')
    expect(cells.map((td) => td.textContent)).toEqual(['/src/acme', 'profile acme', '$12.35', '99', '$1,200–$1,600'])
    await within(screen.getByTestId('top-keys')).findByRole('row', { name: /ci key/ })
    expect(expectEveryCellUnderAHeader(document.body)).toBeGreaterThanOrEqual(3) // top keys, the breakdown, the spikes
  })
})
