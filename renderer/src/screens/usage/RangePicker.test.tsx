import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import type { RangePreset } from '../../../../shared/calendar'
import { RangePicker } from './RangePicker'

/** A parent like the usage store: a preset sets the range; the picker only shows it. */
function Harness() {
  const ranges: Record<string, { from: string; to: string }> = {
    '7d': { from: '2026-03-09', to: '2026-03-15' },
    '30d': { from: '2026-02-14', to: '2026-03-15' },
    '90d': { from: '2025-12-16', to: '2026-03-15' },
    month: { from: '2026-03-01', to: '2026-03-15' },
  }
  const [state, setState] = useState<{ choice: RangePreset | 'custom'; from: string; to: string }>({ choice: '30d', ...ranges['30d']! })
  return (
    <RangePicker choice={state.choice} from={state.from} to={state.to} onPreset={(p) => setState({ choice: p, ...ranges[p]! })} onCustom={(from, to) => setState({ choice: 'custom', from, to })} />
  )
}

afterEach(cleanup)

describe('RangePicker', () => {
  it('moves From and To with the 7/30/90-day buttons, also after dates were typed', () => {
    render(<Harness />)
    const from = () => (screen.getByLabelText('From') as HTMLInputElement).value
    const to = () => (screen.getByLabelText('To') as HTMLInputElement).value
    expect([from(), to()]).toEqual(['2026-02-14', '2026-03-15'])
    fireEvent.click(screen.getByRole('button', { name: '7 days' }))
    expect([from(), to()]).toEqual(['2026-03-09', '2026-03-15'])
    fireEvent.click(screen.getByRole('button', { name: '90 days' }))
    expect([from(), to()]).toEqual(['2025-12-16', '2026-03-15'])
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-01-02' } })
    fireEvent.click(screen.getByRole('button', { name: 'Apply dates' }))
    expect([from(), to()]).toEqual(['2026-01-02', '2026-03-15'])
    fireEvent.click(screen.getByRole('button', { name: 'This month' }))
    expect([from(), to()]).toEqual(['2026-03-01', '2026-03-15'])
  })
})
