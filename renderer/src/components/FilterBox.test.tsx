import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { FilterBox, useRowFilter } from './FilterBox'

afterEach(cleanup)

const ROWS = ['Ada Lovelace ada@acme.example', 'Grace Hopper grace@navy.example', 'Alan Turing alan@acme.example']

function Harness() {
  const search = useRowFilter(ROWS, (r) => r)
  return (
    <>
      <FilterBox what="users" query={search.query} onQuery={search.setQuery} shown={search.shown.length} total={ROWS.length} />
      <ul>
        {search.shown.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </>
  )
}

describe('FilterBox', () => {
  it('keeps the rows holding every word typed, in any case, and says how many of all match', async () => {
    const user = userEvent.setup()
    render(<Harness />)
    const box = screen.getByRole('searchbox', { name: 'Search users' })
    expect(screen.getByTestId('filter-count').textContent).toBe('3 of 3 users')
    await user.type(box, 'ACME')
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([ROWS[0], ROWS[2]])
    expect(screen.getByTestId('filter-count').textContent).toBe('2 of 3 users')
    await user.type(box, ' turing')
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([ROWS[2]])
    await user.clear(box)
    expect(screen.getAllByRole('listitem')).toHaveLength(3)
  })
})
