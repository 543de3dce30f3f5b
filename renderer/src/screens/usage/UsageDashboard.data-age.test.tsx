import { cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { HOUR_MS, startOfLocalDay, systemTimeZone } from '../../../../shared/calendar'
import type { ProcedureName, UsageTotals } from '../../../../shared/contract'
import type { Result } from '../../../../shared/result'
import { markPartialDays, rangeLabel } from './partial-days'
import { formatDate, formatDateRange } from '../../dates'

/*
 * The dashboard says how fresh its figures are: "Data as of …" (the service's watermark) beside
 * "Last synced …", and the day holding the watermark as "so far". The clock is fixed in the
 * runtime's zone (the store's) and the locale is jsdom's en-US.
 */

const totals = (cost: string): UsageTotals => ({ cost, uncachedInputTokens: 1, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, cacheReadTokens: 0, outputTokens: 0, totalTokens: 1, requests: 1 })
const fake = vi.hoisted(() => ({ watermark: null as string | null }))

vi.mock('../../transport/client', async () => {
  const { createClient } = await import('../../../../shared/client')
  const transport = async (name: ProcedureName, raw: unknown): Promise<Result<unknown>> => {
    const input = raw as { range?: { from: string; to: string; timeZone: string }; groupBy?: string }
    const summary = {
      orgId: 'demo',
      orgName: 'Demo',
      currency: 'USD',
      range: input.range,
      coveredFrom: null,
      coveredTo: null,
      lastSyncedAt: '2026-03-15T09:00:00Z',
      dataRefreshedAt: fake.watermark,
      total: totals('1'),
      groups: [],
    }
    switch (name) {
      case 'usage.summary':
        return { ok: true, value: summary }
      case 'usage.daily':
        return { ok: true, value: { orgId: 'demo', currency: 'USD', dates: ['2026-03-14', '2026-03-15'], series: [], total: totals('1') } }
      case 'usage.status':
        return {
          ok: true,
          value: { orgs: [{ orgId: 'demo', orgName: 'Demo', state: 'idle', windowsDone: 1, windowsTotal: 1, pages: 1, lastSyncedAt: '2026-03-15T09:00:00Z', lastError: null, nextSyncAt: null }] },
        }
      case 'usage.projection':
        return { ok: false, error: { code: 'NOT_FOUND', message: 'nothing to project' } }
      case 'alerts.spikes':
        return { ok: true, value: { rule: { enabled: false, multiplier: 5, minAmount: '10', channels: [] }, recent: [] } }
      default:
        return { ok: false, error: { code: 'NOT_FOUND', message: `no ${name}` } }
    }
  }
  return { client: createClient(transport) }
})

const { UsageDashboard } = await import('./UsageDashboard')
const { useUsageStore } = await import('../../stores/usage-store')

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

/** Noon of 15 March 2026 in the runtime's zone; the watermark 10:30 that morning. */
function fixClock(): { zone: string; watermark: string } {
  const zone = systemTimeZone()
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(startOfLocalDay('2026-03-15', zone) + 12 * HOUR_MS)
  useUsageStore.getState().setCustom({ from: '2026-03-01', to: '2026-03-15' })
  return { zone, watermark: new Date(startOfLocalDay('2026-03-15', zone) + 10.5 * HOUR_MS).toISOString() }
}

describe('UsageDashboard: how fresh the data is', () => {
  it('says "Data as of" the watermark beside the last sync, and marks today and the range as so far', async () => {
    const { watermark } = fixClock()
    fake.watermark = watermark
    render(<UsageDashboard orgId="demo" />)
    const asOf = await screen.findByTestId('data-as-of')
    expect(asOf.textContent?.replace(/\s/g, ' ')).toBe('Data as of 10:30 AM.')
    expect(asOf.getAttribute('data-at')).toBe(watermark)
    // Both facts, apart: when Keyward synced, and how complete the service says the figures are.
    await waitFor(() => expect(screen.getByTestId('usage-tz').textContent).toMatch(/Last synced .+\. Data as of 10:30\sAM\./))
    await waitFor(() => expect(screen.getByTestId('usage-today').textContent).toContain('Today so far'))
    expect(screen.getByTestId('usage-range-total').textContent).toContain(`${formatDateRange('2026-03-01', '2026-03-15')} (today so far)`)
  })

  it('says nothing of the data age and marks nothing partial before the service gave a watermark', async () => {
    fixClock()
    fake.watermark = null
    render(<UsageDashboard orgId="demo" />)
    await waitFor(() => expect(screen.getByTestId('usage-range-total').textContent).toContain(formatDateRange('2026-03-01', '2026-03-15')))
    expect(screen.queryByTestId('data-as-of')).toBeNull()
    expect(screen.getByTestId('usage-today').textContent).not.toContain('so far')
    expect(screen.getByTestId('usage-range-total').textContent).not.toContain('so far')
  })
})

describe('partial days', () => {
  const nowMs = Date.parse('2026-03-15T12:00:00Z')
  it('marks the day holding the watermark and later days in a chart, and nothing without one', () => {
    expect(markPartialDays(['2026-03-13', '2026-03-14', '2026-03-15'], '2026-03-14T20:00:00Z', 'UTC', nowMs)).toEqual([
      formatDate('2026-03-13'),
      `${formatDate('2026-03-14')} (so far)`,
      `${formatDate('2026-03-15')} (today so far)`,
    ])
    expect(markPartialDays(['2026-03-14', '2026-03-15'], null, 'UTC', nowMs)).toEqual([formatDate('2026-03-14'), formatDate('2026-03-15')])
  })
  it('notes a range that reaches the partial day', () => {
    expect(rangeLabel({ from: '2026-03-01', to: '2026-03-15' }, '2026-03-15T10:00:00Z', 'UTC', nowMs)).toBe(`${formatDateRange('2026-03-01', '2026-03-15')} (today so far)`)
    expect(rangeLabel({ from: '2026-03-01', to: '2026-03-10' }, '2026-03-15T10:00:00Z', 'UTC', nowMs)).toBe(formatDateRange('2026-03-01', '2026-03-10'))
  })
})
