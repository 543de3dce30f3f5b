import type { NotificationLike, NotificationOptions } from './notifications.main'

// For tests only (nothing in the app imports it).
/** A fake of Electron's Notification: records options and listeners; `emit` plays what the OS does. */
export function fakeNotifications() {
  const shown: Array<{ options: NotificationOptions; listeners: Record<string, (...a: unknown[]) => void>; closed: boolean; emit(event: string, ...a: unknown[]): void }> = []
  const create = (options: NotificationOptions): NotificationLike => {
    const record = {
      options,
      listeners: {} as Record<string, (...a: unknown[]) => void>,
      closed: false,
      emit: (event: string, ...a: unknown[]) => record.listeners[event]?.(...a),
    }
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
