import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Finding } from '../../../../shared/contract'
import { FindingCard } from './FindingCard'
import { formatDate } from '../../dates'

afterEach(cleanup)

const finding: Finding = {
  id: 'departed-creator:k1',
  rule: 'departed-creator',
  severity: 'high',
  title: 'Key ci-1 was created by someone no longer in the org',
  evidence: ['Creator user_x is not an org user any more'],
  advice: 'Deactivate it.',
  fix: { kind: 'deactivate-key', label: 'Deactivate key', description: 'Deactivate ci-1.', targetId: 'k1' },
  accepted: null,
}

describe('FindingCard', () => {
  it('shows severity, evidence and advice, and offers the fix', async () => {
    const onFix = vi.fn()
    render(
      <ul>
        <FindingCard finding={finding} outcome={null} onFix={onFix} onAccept={async () => true} />
      </ul>,
    )
    expect(screen.getByText('High')).toBeTruthy()
    expect(screen.getByRole('list', { name: 'Evidence' }).textContent).toContain('is not an org user any more')
    await userEvent.click(screen.getByRole('button', { name: `Deactivate key: ${finding.title}` }))
    expect(onFix).toHaveBeenCalledWith(finding)
  })

  it('accepts only with a reason of at least three characters', async () => {
    const onAccept = vi.fn(async () => true)
    render(
      <ul>
        <FindingCard finding={finding} outcome={null} onFix={() => {}} onAccept={onAccept} />
      </ul>,
    )
    await userEvent.click(screen.getByRole('button', { name: `Accept: ${finding.title}` }))
    const submit = screen.getByRole('button', { name: 'Accept finding' }) as HTMLButtonElement
    await userEvent.type(screen.getByLabelText('Why is this fine as it is?'), 'ok')
    expect(submit.disabled).toBe(true)
    await userEvent.type(screen.getByLabelText('Why is this fine as it is?'), ' for now')
    await userEvent.click(submit)
    expect(onAccept).toHaveBeenCalledWith(finding, 'ok for now')
    expect(screen.queryByRole('button', { name: 'Accept finding' })).toBeNull()
  })

  it('links a rotation to Key rotation and shows an accepted finding with its day and reason, without actions', () => {
    const rotate: Finding = { ...finding, id: 'old-key:k1', rule: 'old-key', severity: 'medium', fix: { kind: 'rotate-key', label: 'Rotate', description: '', targetId: 'k1', profile: 'acme' } }
    const { unmount } = render(
      <ul>
        <FindingCard finding={rotate} outcome={null} onFix={() => {}} onAccept={async () => true} />
      </ul>,
    )
    expect(screen.getByRole('link', { name: 'Rotate in Key rotation' }).getAttribute('href')).toBe('#/rotation')
    unmount()
    render(
      <ul>
        <FindingCard outcome={null} finding={{ ...finding, accepted: { reason: 'CI key, owned by the platform team', at: '2026-11-20T12:00:00Z' } }} onFix={() => {}} onAccept={async () => true} />
      </ul>,
    )
    // The day, in this machine's zone, in the one style every screen uses for a day.
    expect(screen.getByText(/CI key, owned by the platform team/).textContent).toBe(`Accepted ${formatDate('2026-11-20T12:00:00Z')}: CI key, owned by the platform team`)
    expect(screen.queryByRole('button')).toBeNull()
  })

  it('keeps a fixed finding in place saying what was done, without actions; a refusal is shown on the card with the actions kept', () => {
    const { unmount } = render(
      <ul>
        <FindingCard finding={finding} outcome={{ outcome: 'fixed', message: 'Deactivated the key ci-1.' }} onFix={() => {}} onAccept={async () => true} />
      </ul>,
    )
    expect(screen.getByRole('status').textContent).toBe('Fixed: Deactivated the key ci-1.')
    expect(screen.getByRole('heading', { name: finding.title })).toBeTruthy()
    expect(screen.queryByRole('button')).toBeNull()
    unmount()
    render(
      <ul>
        <FindingCard finding={finding} outcome={{ outcome: 'refused', message: 'Not fixed: Acme refused to set API key k1 inactive.' }} onFix={() => {}} onAccept={async () => true} />
      </ul>,
    )
    expect(screen.getByRole('alert').textContent).toBe('Not fixed: Acme refused to set API key k1 inactive.')
    expect(screen.getByRole('button', { name: `Deactivate key: ${finding.title}` })).toBeTruthy()
    expect(screen.getByRole('button', { name: `Accept: ${finding.title}` })).toBeTruthy()
  })
})
