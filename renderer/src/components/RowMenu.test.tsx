import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RowMenu } from './RowMenu'

afterEach(cleanup)

describe('RowMenu', () => {
  it('opens a menu of named actions, moves with the arrows, runs the chosen one and returns focus', async () => {
    const user = userEvent.setup()
    const rename = vi.fn()
    const archive = vi.fn()
    render(
      <RowMenu
        label="Actions for ci-1"
        items={[
          { label: 'Rename', name: 'Rename ci-1', onSelect: rename },
          { label: 'Archive', name: 'Archive ci-1', danger: true, onSelect: archive },
        ]}
      />,
    )
    const button = screen.getByRole('button', { name: 'Actions for ci-1' })
    expect(button.getAttribute('aria-expanded')).toBe('false')
    expect(screen.queryByRole('menu')).toBeNull()
    await user.click(button)
    expect(button.getAttribute('aria-expanded')).toBe('true')
    expect(screen.getAllByRole('menuitem').map((m) => m.getAttribute('aria-label'))).toEqual(['Rename ci-1', 'Archive ci-1'])
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Rename ci-1' }))
    await user.keyboard('{ArrowDown}')
    expect(document.activeElement).toBe(screen.getByRole('menuitem', { name: 'Archive ci-1' }))
    await user.keyboard('{Enter}')
    expect(archive).toHaveBeenCalledOnce()
    expect(rename).not.toHaveBeenCalled()
    expect(screen.queryByRole('menu')).toBeNull()
    expect(document.activeElement).toBe(button)
  })

  it('closes on Escape and on a click elsewhere without running anything', async () => {
    const user = userEvent.setup()
    const rename = vi.fn()
    render(
      <>
        <p>elsewhere</p>
        <RowMenu label="Actions for ci-1" items={[{ label: 'Rename', name: 'Rename ci-1', onSelect: rename }]} />
      </>,
    )
    await user.click(screen.getByRole('button', { name: 'Actions for ci-1' }))
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('menu')).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Actions for ci-1' }))
    await user.click(screen.getByText('elsewhere'))
    expect(screen.queryByRole('menu')).toBeNull()
    expect(rename).not.toHaveBeenCalled()
  })
})
