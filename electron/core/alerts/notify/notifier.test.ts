import { describe, expect, it, vi } from 'vitest'
import type { Notice } from './notice'
import { describeNotice } from './notice'
import { logNotifier, onceNotifier, syncFailureTracker } from './notifier'

const budget: Notice = {
  kind: 'budget-threshold',
  scope: 'org Acme',
  period: 'month',
  thresholdPercent: 80,
  spent: { amount: '80.00', currency: 'USD' },
  limit: { amount: '100.00', currency: 'USD' },
  budgetId: 'b1',
}

describe('notices', () => {
  it('describes each kind in words', () => {
    expect(describeNotice(budget)).toEqual({ title: 'Budget reached 80%: org Acme', body: 'This month: 80.00 of 100.00 USD.' })
    expect(describeNotice({ ...budget, thresholdPercent: 100, period: 'day' }).title).toBe('Budget exceeded: org Acme')
    expect(describeNotice({ kind: 'rotation-reminder', profile: 'acme', ageDays: 91 }).title).toBe('Time to rotate acme')
  })

  it('redacts anything key-shaped in a sync error', () => {
    const text = describeNotice({ kind: 'sync-failed', attempts: 3, lastError: 'bad key sk-ant-admin01-abcdefghijklmnop' })
    expect(text.body).not.toContain('abcdefghijklmnop')
    expect(text.body).toContain('sk-ant-[redacted]')
  })

  it('the daemon notifier writes one log line per notice', () => {
    const log = vi.fn()
    logNotifier(log).notify(budget)
    expect(log).toHaveBeenCalledWith('notice: Budget reached 80%: org Acme — This month: 80.00 of 100.00 USD.')
  })

  it('onceNotifier passes each key once', () => {
    const inner = { notify: vi.fn() }
    const once = onceNotifier(inner, (n) => (n.kind === 'budget-threshold' ? `${n.budgetId}:${n.thresholdPercent}` : n.kind))
    once.notify(budget)
    once.notify(budget)
    once.notify({ ...budget, thresholdPercent: 100 })
    expect(inner.notify).toHaveBeenCalledTimes(2)
  })

  it('sync failures notify once, after the third in a row, and a success resets the count', () => {
    const inner = { notify: vi.fn() }
    const tracker = syncFailureTracker(inner, 3)
    tracker.failed(new Error('a'))
    tracker.failed(new Error('b'))
    tracker.succeeded()
    tracker.failed(new Error('c'))
    tracker.failed(new Error('d'))
    expect(inner.notify).not.toHaveBeenCalled()
    tracker.failed(new Error('e'))
    tracker.failed(new Error('f'))
    expect(inner.notify).toHaveBeenCalledTimes(1)
    expect(inner.notify).toHaveBeenCalledWith({ kind: 'sync-failed', attempts: 3, lastError: 'e' })
  })
})
