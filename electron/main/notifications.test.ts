import { describe, expect, it, vi } from 'vitest'
import { createApprovalBroker } from '../core/notify/approver'
import type { Notice } from '../core/notify/notice'
import { approvalPrompt, routeNotice } from './notification-routing'
import { type AskDialog, type NotificationLike, type NotificationOptions, desktopNotifier, presentApproval } from './notifications.main'

vi.mock('electron', () => ({}))

function fakeNotifications() {
  const shown: Array<{ options: NotificationOptions; listeners: Record<string, (...a: unknown[]) => void>; closed: boolean }> = []
  const create = (options: NotificationOptions): NotificationLike => {
    const record = { options, listeners: {} as Record<string, (...a: unknown[]) => void>, closed: false }
    shown.push(record)
    return {
      on: ((event: string, fn: (...a: unknown[]) => void) => {
        record.listeners[event] = fn
      }) as never,
      show: () => {},
      close: () => {
        record.closed = true
        record.listeners.close?.()
      },
    }
  }
  return { shown, create }
}

const budget: Notice = { kind: 'budget-threshold', scope: 'org Acme', period: 'day', thresholdPercent: 100, spent: { amount: '12', currency: 'USD' }, limit: { amount: '10', currency: 'USD' }, budgetId: 'b 1' }

describe('notification routing', () => {
  it('sends each notice to the screen that explains it', () => {
    expect(routeNotice(budget)).toMatchObject({ screen: 'budgets', rest: ['b 1'], urgency: 'critical', title: 'Budget exceeded: org Acme' })
    expect(routeNotice({ ...budget, thresholdPercent: 80 }).urgency).toBe('normal')
    expect(routeNotice({ kind: 'rotation-reminder', profile: 'acme', ageDays: 90 })).toMatchObject({ screen: 'rotation', rest: [] })
    expect(routeNotice({ kind: 'sync-failed', attempts: 3, lastError: 'x' })).toMatchObject({ screen: 'usage', rest: [] })
  })

  it('a click on a desktop notification opens its screen; without notification support it logs', () => {
    const { shown, create } = fakeNotifications()
    const openScreen = vi.fn()
    const fallback = { notify: vi.fn() }
    desktopNotifier({ isSupported: () => true, create, openScreen, fallback }).notify(budget)
    expect(shown[0]!.options).toMatchObject({ title: 'Budget exceeded: org Acme', urgency: 'critical' })
    shown[0]!.listeners.click!()
    expect(openScreen).toHaveBeenCalledWith('budgets', ['b 1'])
    desktopNotifier({ isSupported: () => false, create, openScreen, fallback }).notify(budget)
    expect(fallback.notify).toHaveBeenCalledWith(budget)
    expect(shown).toHaveLength(1)
  })
})

describe('approval prompts', () => {
  const request = { id: '1', profile: 'prod', directory: '/w/app', tool: 'claude' }

  it('asks with Deny as the default and cancel answer', async () => {
    const ask = vi.fn<AskDialog>(async () => ({ response: 1 }))
    const broker = createApprovalBroker({ present: presentApproval({ platform: 'linux', isSupported: () => true, create: fakeNotifications().create, ask }) })
    expect(await broker.request(request)).toBe('approved')
    expect(ask.mock.calls[0]![0]).toMatchObject({ buttons: ['Deny', 'Approve'], defaultId: 0, cancelId: 0, title: 'Allow claude to use prod?' })
    expect(approvalPrompt(request).body).toContain('/w/app')
  })

  it('a closed or failed dialog is a denial', async () => {
    const broker = createApprovalBroker({ present: presentApproval({ platform: 'win32', isSupported: () => true, create: fakeNotifications().create, ask: async () => Promise.reject(new Error('x')) }) })
    expect(await broker.request(request)).toBe('denied')
  })

  it('on macOS the notification’s Approve button answers and closes the dialog', async () => {
    const { shown, create } = fakeNotifications()
    let signal: AbortSignal | undefined
    const ask: AskDialog = (o) => {
      signal = o.signal
      return new Promise(() => {})
    }
    const broker = createApprovalBroker({ present: presentApproval({ platform: 'darwin', isSupported: () => true, create, ask }) })
    const decision = broker.request(request)
    expect(shown[0]!.options).toMatchObject({ actions: [{ type: 'button', text: 'Approve' }], closeButtonText: 'Deny' })
    shown[0]!.listeners.action!({}, 0)
    expect(await decision).toBe('approved')
    expect(signal!.aborted).toBe(true)
    expect(shown[0]!.closed).toBe(true)
  })

  it('a timeout dismisses both prompts', async () => {
    vi.useFakeTimers()
    const { shown, create } = fakeNotifications()
    let signal: AbortSignal | undefined
    const broker = createApprovalBroker({
      present: presentApproval({ platform: 'darwin', isSupported: () => true, create, ask: (o) => ((signal = o.signal), new Promise(() => {})) }),
    })
    const decision = broker.request(request, { timeoutMs: 1000 })
    await vi.advanceTimersByTimeAsync(1000)
    expect(await decision).toBe('timeout')
    expect(signal!.aborted).toBe(true)
    expect(shown[0]!.closed).toBe(true)
    vi.useRealTimers()
  })
})
