import type { Notifier } from '../core/notify/notifier'
import type { PresentApproval } from '../core/notify/approver'
import { approvalPrompt, routeNotice } from './notification-routing'

/** What this module needs of Electron's `Notification` class (injected, so tests pass a fake). */
export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown
  on(event: 'close', listener: () => void): unknown
  show(): void
  close(): void
}

/** Constructor options we use, a subset of Electron's. */
export interface NotificationOptions {
  title: string
  body: string
  urgency?: 'normal' | 'critical'
  silent?: boolean
  actions?: { type: 'button'; text: string }[]
  closeButtonText?: string
  timeoutType?: 'default' | 'never'
}

/** Electron's pieces the desktop notifier uses. */
export interface DesktopNotificationDeps {
  readonly isSupported: () => boolean
  readonly create: (options: NotificationOptions) => NotificationLike
  /** Opens the dashboard on a screen (the route of the notice). */
  readonly openScreen: (screen: string, rest: readonly string[]) => void
  /** Where notices go when the desktop cannot show them (the same log lines as the daemon). */
  readonly fallback: Notifier
}

/** The Electron host's Notifier: a desktop notification whose click opens the relevant screen. */
export function desktopNotifier(deps: DesktopNotificationDeps): Notifier {
  return {
    notify(notice) {
      if (!deps.isSupported()) return deps.fallback.notify(notice)
      const routed = routeNotice(notice)
      const n = deps.create({ title: routed.title, body: routed.body, urgency: routed.urgency })
      n.on('click', () => deps.openScreen(routed.screen, routed.rest))
      n.show()
    },
  }
}

/** A small modal question with buttons; `signal` closes it when the request times out. */
export type AskDialog = (options: { title: string; message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number; signal: AbortSignal }) => Promise<{ response: number }>

/**
 * Presents an approval request: on macOS a notification with Approve/Deny buttons, and on every
 * platform a dialog (notification actions are macOS-only in Electron). The first answer wins;
 * the broker's timeout dismisses both.
 */
export function presentApproval(deps: { platform: NodeJS.Platform; isSupported: () => boolean; create: DesktopNotificationDeps['create']; ask: AskDialog }): PresentApproval {
  return (request, respond) => {
    const prompt = approvalPrompt(request)
    const abort = new AbortController()
    let notification: NotificationLike | null = null
    let answered = false
    // The first answer wins and closes the other prompt; what closing it reports is ignored.
    const answer = (decision: 'approved' | 'denied') => {
      if (answered) return
      answered = true
      respond(decision)
      abort.abort()
      notification?.close()
    }
    if (deps.platform === 'darwin' && deps.isSupported()) {
      notification = deps.create({
        title: prompt.title,
        body: prompt.body,
        urgency: 'critical',
        timeoutType: 'never',
        actions: [{ type: 'button', text: 'Approve' }],
        closeButtonText: 'Deny',
      })
      notification.on('action', (_e, index) => {
        if (index === 0) answer('approved')
      })
      notification.on('close', () => answer('denied'))
      notification.show()
    }
    deps
      .ask({ title: prompt.title, message: prompt.title, detail: prompt.body, buttons: [...prompt.buttons], defaultId: 0, cancelId: 0, signal: abort.signal })
      .then(({ response }) => answer(response === 1 ? 'approved' : 'denied'))
      .catch(() => answer('denied'))
    return {
      dismiss() {
        answered = true
        abort.abort()
        notification?.close()
      },
    }
  }
}
