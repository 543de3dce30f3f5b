import type { Notifier } from '../core/alerts/notify/notifier'
import { routeNotice } from './notification-routing'

/** What this module needs of Electron's `Notification` class (injected, so tests pass a fake). */
export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown
  on(event: 'close', listener: () => void): unknown
  /** macOS and Windows: showing failed (notifications off for the app, an unsigned macOS build, …). */
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown
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

/** How many shown notifications are kept referenced at most ('close' is not guaranteed on every OS, so the set is bounded). */
export const MAX_RETAINED_NOTIFICATIONS = 50

/** The Electron host's Notifier: a desktop notification whose click opens the relevant screen. */
export function desktopNotifier(deps: DesktopNotificationDeps): Notifier & { retained(): number } {
  // A Notification nobody references is garbage-collected with its click handler, so clicks stop
  // working (electron/electron#16922, #12690): each is kept until its click, close or failed.
  const live = new Set<NotificationLike>()
  return {
    retained: () => live.size,
    notify(notice) {
      if (!deps.isSupported()) return deps.fallback.notify(notice)
      const routed = routeNotice(notice)
      const n = deps.create({ title: routed.title, body: routed.body, urgency: routed.urgency })
      const release = () => live.delete(n)
      n.on('click', () => {
        release()
        deps.openScreen(routed.screen, routed.rest)
      })
      n.on('close', release)
      // Not shown after all: the notice still reaches the log, as the daemon's do.
      n.on('failed', () => {
        release()
        deps.fallback.notify(notice)
      })
      live.add(n)
      if (live.size > MAX_RETAINED_NOTIFICATIONS) live.delete(live.values().next().value!)
      n.show()
    },
  }
}
