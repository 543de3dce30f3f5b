import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { UsagePeople, UsagePerson, UsageTotals } from '../../../../shared/contract'
import { PeopleMore, PeopleTable } from './PeopleTable'
import { claudeCodeShare, splitText } from './split'
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
const person = (over: Partial<UsagePerson>): UsagePerson => ({
  id: 'user_01ada',
  label: 'Ada Lovelace',
  detail: 'ada@acme.example',
  type: 'user',
  deleted: false,
  totals: totals('12.5', 1000),
  claudeCodeCost: '10',
  apiCost: '2.5',
  trend: ['1', '0', '11.5'],
  topKey: { id: 'apikey_01ci', label: 'ci-1' },
  topModel: 'claude-sonnet-4-5',
  ...over,
})
const data: UsagePeople = {
  orgId: 'demo',
  orgName: 'Demo',
  currency: 'USD',
  range: { from: '2026-03-01', to: '2026-03-03', timeZone: 'UTC' },
  lastSyncedAt: null,
  dataRefreshedAt: null,
  dates: ['2026-03-01', '2026-03-02', '2026-03-03'],
  count: 2,
  total: totals('13', 1100),
  people: [
    person({}),
    person({
      id: '~federated:aws:arn:aws:iam::1:role/x',
      label: 'arn:aws:iam::1:role/x',
      detail: 'Federated identity (aws)',
      type: 'federated',
      claudeCodeCost: '0',
      apiCost: '0.5',
      totals: totals('0.5', 100),
      topKey: null,
      topModel: null,
    }),
  ],
}

afterEach(cleanup)

describe('PeopleTable', () => {
  it('links each person to their page, shows the split, the trend and the top key, and tags identities that are not people', () => {
    render(<PeopleTable data={data} />)
    const rows = screen.getAllByTestId('person-row')
    expect(rows).toHaveLength(2)
    expect(expectEveryCellUnderAHeader(document.body)).toBe(2)
    const ada = within(rows[0]!)
    expect(ada.getByRole('link', { name: 'Ada Lovelace' }).getAttribute('href')).toBe('#/people/person/user_01ada')
    expect(rows[0]!.textContent).toContain('$10.00 · $2.50')
    expect(ada.getByRole('img', { name: /^Daily spend of Ada Lovelace, Mar 1\s–\s3, 2026$/ })).toBeTruthy()
    expect(rows[0]!.textContent).toContain('ci-1')
    expect(rows[0]!.textContent).toContain('claude-sonnet-4-5')
    const fed = within(rows[1]!)
    expect(fed.getByText('Federated identity')).toBeTruthy()
    expect(fed.getByRole('link').getAttribute('href')).toBe(`#/people/person/${encodeURIComponent('~federated:aws:arn:aws:iam::1:role/x')}`)
    expect(rows[1]!.textContent).toContain('no key')
  })

  it('names spend the data cannot split by product, so the parts add up to the total', () => {
    const money = (a: string) => `$${Number(a).toFixed(2)}`
    expect(splitText(person({}), money)).toBe('$10.00 · $2.50')
    expect(splitText(person({ claudeCodeCost: '0', apiCost: '0', totals: totals('8.31', 10) }), money)).toBe('not split by product')
    expect(splitText(person({ claudeCodeCost: '1', apiCost: '2', totals: totals('3.5', 10) }), money)).toBe('$1.00 · $2.00 · $0.50 not split')
  })

  it('computes the Claude Code share from the amounts', () => {
    expect(claudeCodeShare(person({}))).toBe(80)
    expect(claudeCodeShare(person({ totals: totals('0', 0) }))).toBe(0)
  })

  it('says how many of everyone are shown and offers more while some are not', () => {
    expect(render(<PeopleMore data={data} loading={false} onMore={() => {}} />).container.textContent).toBe('')
    cleanup()
    const onMore = vi.fn()
    render(<PeopleMore data={{ ...data, count: 1234 }} loading={false} onMore={onMore} />)
    expect(screen.getByTestId('people-more').textContent).toMatch(/^Showing 2 of 1,234, biggest spend first/)
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }))
    expect(onMore).toHaveBeenCalledOnce()
  })
})
