import { describe, expect, it, vi } from 'vitest'
import type { Notice } from '../core/alerts/notify/notice'
import { routeNotice } from './notification-routing'
import { createFakeNotifications } from './main.test-support'
import { MAX_RETAINED_NOTIFICATIONS, desktopNotifier } from './notifications.main'

vi.mock('electron', () => ({}))

const budget: Notice = {
  kind: 'budget-threshold',
  scope: 'org Acme',
  period: 'day',
  thresholdPercent: 100,
  spent: { amount: '12', currency: 'USD' },
  limit: { amount: '10', currency: 'USD' },
  budgetId: 'b 1',
}

describe('notification routing', () => {
  it('shows names from the Admin API with controls made visible: no faked line, no reversed text', () => {
    const name = 'batch\u001b]0;OWNED\u0007\u202Egnp.exe\nAll clear'
    const spike: Notice = {
      kind: 'usage-spike',
      subject: `key ${name}`,
      key: name,
      workspace: name,
      person: null,
      hour: '2026-05-01T10:00:00Z',
      spent: { amount: '40', currency: 'USD' },
      baseline: { amount: '2', currency: 'USD' },
    }
    const routed = routeNotice(spike)
    expect(`${routed.title}${routed.body}`).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    expect(routed.title).toBe('Spend spike: key batch\\x1b]0;OWNED\\x07\\u202egnp.exe\\x0aAll clear')
    expect(routed.body).toContain('workspace batch\\x1b]0;OWNED')
    expect(routeNotice({ ...spike, subject: 'k'.repeat(500) }).title.length).toBeLessThanOrEqual(120)
  })

  it('sends each notice to the screen that explains it', () => {
    expect(routeNotice(budget)).toMatchObject({ screen: 'budgets', rest: ['b 1'], urgency: 'critical', title: 'Budget exceeded: org Acme' })
    expect(routeNotice({ ...budget, thresholdPercent: 80 }).urgency).toBe('normal')
    expect(routeNotice({ kind: 'rotation-reminder', profile: 'acme', ageDays: 90 })).toMatchObject({ screen: 'rotation', rest: [] })
    expect(routeNotice({ kind: 'sync-failed', attempts: 3, lastError: 'x' })).toMatchObject({ screen: 'usage', rest: [] })
  })

  it('a click on a desktop notification opens its screen; without notification support it logs', () => {
    const { shown, create } = createFakeNotifications()
    const openScreen = vi.fn()
    const fallback = { notify: vi.fn() }
    desktopNotifier({ isSupported: () => true, create, openScreen, fallback }).notify(budget)
    expect(shown[0]!.options).toMatchObject({ title: 'Budget exceeded: org Acme', urgency: 'critical' })
    shown[0]!.emit('click')
    expect(openScreen).toHaveBeenCalledWith('budgets', ['b 1'])
    desktopNotifier({ isSupported: () => false, create, openScreen, fallback }).notify(budget)
    expect(fallback.notify).toHaveBeenCalledWith(budget)
    expect(shown).toHaveLength(1)
  })

  // Electron garbage-collects a Notification nothing references, and its click handler with it
  // (electron/electron#16922, #12690): the notifier must hold each one until click, close or failed.
  it('keeps every shown notification referenced until its click, close or failed, and no longer', () => {
    const { shown, create } = createFakeNotifications()
    const notifier = desktopNotifier({ isSupported: () => true, create, openScreen: vi.fn(), fallback: { notify: vi.fn() } })
    notifier.notify(budget)
    notifier.notify(budget)
    notifier.notify(budget)
    expect(notifier.retained()).toBe(3)
    shown[0]!.emit('click')
    expect(notifier.retained()).toBe(2)
    shown[1]!.emit('close')
    expect(notifier.retained()).toBe(1)
    shown[2]!.emit('failed', {}, 'Notifications are not allowed')
    expect(notifier.retained()).toBe(0)
  })

  it('a notification that failed to show (macOS/Windows `failed`) still reaches the log', () => {
    const { shown, create } = createFakeNotifications()
    const fallback = { notify: vi.fn() }
    desktopNotifier({ isSupported: () => true, create, openScreen: vi.fn(), fallback }).notify(budget)
    expect(fallback.notify).not.toHaveBeenCalled()
    shown[0]!.emit('failed', {}, 'unsigned app')
    expect(fallback.notify).toHaveBeenCalledWith(budget)
  })

  it('holds at most a bounded number (close is not guaranteed on every OS), dropping the oldest', () => {
    const { create } = createFakeNotifications()
    const notifier = desktopNotifier({ isSupported: () => true, create, openScreen: vi.fn(), fallback: { notify: vi.fn() } })
    for (let i = 0; i < MAX_RETAINED_NOTIFICATIONS + 5; i++) notifier.notify(budget)
    expect(notifier.retained()).toBe(MAX_RETAINED_NOTIFICATIONS)
  })
})
