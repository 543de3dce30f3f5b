import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AdminError } from './AdminError'
import { LoadMore } from './LoadMore'
import { StatTile } from './States'

afterEach(cleanup)

describe('StatTile', () => {
  it('shows a label, a value and a hint, and carries its test id and raw figures', () => {
    render(<StatTile label={<>Month to date</>} value="$12.35" hint="99 tokens" testId="mtd" data={{ 'data-amount': '12.3456789' }} />)
    const tile = screen.getByTestId('mtd')
    expect(tile.className).toBe('stat stat-neutral')
    expect(tile.getAttribute('data-amount')).toBe('12.3456789')
    expect([...tile.children].map((c) => [c.className, c.textContent])).toEqual([
      ['stat-label', 'Month to date'],
      ['stat-value', '$12.35'],
      ['stat-hint', '99 tokens'],
    ])
  })

  it('leaves the hint out when there is none', () => {
    render(<StatTile label="Today" value="—" hint="" testId="today" tone="warning" />)
    expect(screen.getByTestId('today').className).toBe('stat stat-warning')
    expect(screen.getByTestId('today').querySelector('.stat-hint')).toBeNull()
  })
})

describe('LoadMore', () => {
  it('asks for the next page, says it is loading, and is gone at the end of the list', async () => {
    const onMore = vi.fn()
    const { rerender } = render(<LoadMore nextCursor="c2" loading={false} onMore={onMore} />)
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }))
    expect(onMore).toHaveBeenCalledOnce()
    rerender(<LoadMore nextCursor="c2" loading onMore={onMore} />)
    expect((screen.getByRole('button', { name: 'Loading…' }) as HTMLButtonElement).disabled).toBe(true)
    rerender(<LoadMore nextCursor={null} loading={false} onMore={onMore} />)
    expect(screen.queryByRole('button')).toBeNull()
  })
})

describe('AdminError', () => {
  it('shows a core message as a sentence, and nothing without an error', () => {
    const { container, rerender } = render(<AdminError error={null} />)
    expect(container.textContent).toBe('')
    rerender(<AdminError error={{ code: 'API_FORBIDDEN', message: 'the Admin key for Acme lacks permission to list users' }} />)
    expect(container.textContent).toContain('The Admin key for Acme lacks permission to list users')
  })
})
