import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ThresholdsForm } from './ThresholdsForm'

const thresholds = { unusedDays: 90, maxAdmins: 3, suggestedLimitCents: '100000', rotationAgeDays: 90 }

afterEach(cleanup)

/** Types `typed` as the suggested limit and saves; returns what was saved, if anything. */
async function saveWithLimit(typed: string) {
  const onSave = vi.fn(async () => true)
  render(<ThresholdsForm thresholds={thresholds} onSave={onSave} />)
  const input = screen.getByLabelText('Suggested monthly workspace limit ($)')
  expect((input as HTMLInputElement).value).toBe('1000.00')
  await userEvent.clear(input)
  if (typed) await userEvent.type(input, typed)
  await userEvent.click(screen.getByRole('button', { name: 'Save thresholds' }))
  return onSave
}

describe('ThresholdsForm: the suggested limit reads dollars as every dollar input does', () => {
  it.each([
    ['1,500', '150000'],
    ['$1,500.25', '150025'],
    ['1500', '150000'],
  ])('saves %j as %s cents', async (typed, cents) => {
    const onSave = await saveWithLimit(typed)
    expect(onSave).toHaveBeenCalledWith({ unusedDays: 90, maxAdmins: 3, suggestedLimitCents: cents })
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it.each([
    ['1,50', 'Suggested limit: "1,50" has a misplaced comma'],
    ['12.345', 'Suggested limit: "12.345" has more than two decimal places'],
    ['0', 'Suggested limit: Enter an amount above $0.'],
  ])('refuses %j in place and saves nothing', async (typed, message) => {
    const onSave = await saveWithLimit(typed)
    expect(onSave).not.toHaveBeenCalled()
    expect(screen.getByRole('alert').textContent).toContain(message)
  })
})
