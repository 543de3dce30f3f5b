import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EmptyState, LoadingState } from './States'
import { VirtualTable, visibleRange } from './VirtualTable'

const rows = Array.from({ length: 10_000 }, (_, i) => ({ id: `k${i}`, name: `key ${i}`, tokens: i * 10 }))
const columns = [
  { key: 'name', header: 'Name', cell: (r: (typeof rows)[number]) => r.name },
  { key: 'tokens', header: 'Tokens', cell: (r: (typeof rows)[number]) => String(r.tokens), align: 'end' as const },
]

afterEach(cleanup)

describe('VirtualTable', () => {
  it('renders only the rows in view, and tells assistive tech the full count', () => {
    render(<VirtualTable label="Keys" columns={columns} rows={rows} rowKey={(r) => r.id} rowHeight={40} height={400} />)
    const table = screen.getByRole('table', { name: 'Keys' })
    expect(table.getAttribute('aria-rowcount')).toBe('10001')
    const rendered = screen.getAllByRole('row')
    expect(rendered.length).toBeLessThan(30)
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Tokens'])
    expect(screen.getByText('key 0').closest('[role=row]')!.getAttribute('aria-rowindex')).toBe('2')
  })

  it('renders the rows for a scroll position', () => {
    render(<VirtualTable label="Keys" columns={columns} rows={rows} rowKey={(r) => r.id} rowHeight={40} height={400} />)
    const body = screen.getAllByRole('rowgroup')[1]!
    act(() => {
      body.scrollTop = 40 * 5000
      fireEvent.scroll(body)
    })
    expect(screen.getByText('key 5000')).toBeTruthy()
    expect(screen.queryByText('key 0')).toBeNull()
  })

  it('is keyboard-driven: one tab stop, arrows and End move focus, Enter activates', () => {
    const onActivate = vi.fn()
    render(<VirtualTable label="Keys" columns={columns} rows={rows} rowKey={(r) => r.id} onActivate={onActivate} />)
    const first = screen.getByText('key 0').closest('[role=row]') as HTMLElement
    expect(first.tabIndex).toBe(0)
    expect((screen.getByText('key 1').closest('[role=row]') as HTMLElement).tabIndex).toBe(-1)
    first.focus()
    fireEvent.keyDown(first, { key: 'ArrowDown' })
    expect(document.activeElement?.textContent).toContain('key 1')
    fireEvent.keyDown(document.activeElement!, { key: 'End' })
    expect(document.activeElement?.textContent).toContain('key 9999')
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' })
    expect(onActivate).toHaveBeenCalledWith(rows[9999])
  })

  it('shows the empty state instead of an empty table', () => {
    render(<VirtualTable label="Keys" columns={columns} rows={[]} rowKey={(r) => r.id} empty={<EmptyState title="No keys yet" testId="e" />} />)
    expect(screen.getByTestId('e').textContent).toContain('No keys yet')
    expect(screen.queryByRole('table')).toBeNull()
  })

  it('visibleRange adds overscan and stays in bounds', () => {
    expect(visibleRange(0, 400, 40, 100)).toEqual({ start: 0, end: 16 })
    expect(visibleRange(3600, 400, 40, 100)).toEqual({ start: 84, end: 100 })
  })

  it('loading state is announced', () => {
    render(<LoadingState label="Loading keys…" />)
    expect(screen.getByRole('status').textContent).toContain('Loading keys…')
  })
})
