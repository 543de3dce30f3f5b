import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { expectEveryCellUnderAHeader } from '../test-support/table-shape'
import type { Column } from './columns'
import { DataTable } from './DataTable'

interface Row {
  readonly id: string
  readonly name: string
  readonly cost: string
}

const columns: readonly Column<Row>[] = [
  { key: 'name', header: 'Name', rowHeader: true, cell: (r) => r.name },
  { key: 'cost', header: 'Cost', align: 'end', cell: (r) => `$${r.cost}`, cellProps: (r) => ({ 'data-amount': r.cost, className: 'money' }) },
  { key: 'actions', header: 'Actions', headerHidden: true, cell: (r) => <button type="button">Remove {r.name}</button> },
]
const rows: readonly Row[] = [
  { id: 'a', name: 'alpha', cost: '1.5' },
  { id: 'b', name: 'beta', cost: '20' },
]

afterEach(cleanup)

describe('DataTable', () => {
  it('draws one header cell per column and one cell per column in every row', () => {
    render(<DataTable aria-label="Things" columns={columns} rows={rows} rowKey={(r) => r.id} />)
    const table = screen.getByRole('table', { name: 'Things' })
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Name', 'Cost', 'Actions'])
    expect(expectEveryCellUnderAHeader(document.body)).toBe(2)
    const beta = within(table).getByRole('row', { name: /beta/ })
    expect(within(beta).getByRole('rowheader').textContent).toBe('beta')
    expect(
      within(beta)
        .getAllByRole('cell')
        .map((td) => td.textContent),
    ).toEqual(['$20', 'Remove beta'])
  })

  it('right-aligns figures with their header, keeps raw amounts and classes on the cell, and hides a header only visually', () => {
    render(<DataTable caption="Spend" columns={columns} rows={rows} rowKey={(r) => r.id} rowProps={(r) => ({ 'data-testid': 'thing', 'data-id': r.id })} />)
    const table = screen.getByRole('table', { name: 'Spend' })
    expect(within(table).getByRole('columnheader', { name: 'Cost' }).className).toBe('num')
    const cost = table.querySelector('tbody tr td[data-amount="1.5"]')!
    expect(cost.className).toBe('num money')
    expect(within(table).getByRole('columnheader', { name: 'Actions' }).querySelector('.visually-hidden')?.textContent).toBe('Actions')
    expect(screen.getAllByTestId('thing').map((tr) => tr.getAttribute('data-id'))).toEqual(['a', 'b'])
  })

  it('the shape check fails on a row with a value under no header', () => {
    const { container } = render(
      <table>
        <thead>
          <tr>
            <th>Name</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>alpha</td>
            <td>$360–$400</td>
          </tr>
        </tbody>
      </table>,
    )
    expect(() => expectEveryCellUnderAHeader(container)).toThrow(/cells in a row/)
  })

  it("keeps a truncating column's text whole on one line, the full text as its tooltip; elements pass through", () => {
    const cut: readonly Column<Row>[] = [
      { key: 'name', header: 'Name', cell: (r) => `${r.name}@a-rather-long-domain.example`, truncate: '8rem' },
      { key: 'cost', header: 'Cost', cell: (r) => <b>{r.cost}</b>, truncate: '8rem' },
    ]
    render(<DataTable aria-label="Cut" columns={cut} rows={rows} rowKey={(r) => r.id} />)
    const [name, cost] = within(screen.getByRole('row', { name: /alpha/ })).getAllByRole('cell')
    const span = name!.querySelector('span.truncate') as HTMLElement
    expect(span.title).toBe('alpha@a-rather-long-domain.example')
    expect(span.textContent).toBe('alpha@a-rather-long-domain.example')
    expect(span.style.maxWidth).toBe('8rem')
    expect(cost!.querySelector('.truncate')).toBeNull()
    expect(cost!.querySelector('b')?.textContent).toBe('1.5')
  })

  it('is the only place in the renderer that writes table markup, so every table gets its cells from column definitions', () => {
    const sources = import.meta.glob<string>(['../**/*.tsx', '!../**/*.test.tsx', '!./DataTable.tsx'], { query: '?raw', import: 'default', eager: true })
    expect(Object.keys(sources).length).toBeGreaterThan(20)
    const handWritten = Object.entries(sources)
      .filter(([, text]) => /<(table|thead|tbody|tr|td|th)[\s>]/.test(text))
      .map(([file]) => file)
    expect(handWritten).toEqual([])
  })
})
