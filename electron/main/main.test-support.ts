import type { NotificationLike, NotificationOptions } from './notifications.main'

// Fakes and expectations for the main-process unit tests (nothing in the app imports this file).
/** A fake of Electron's Notification: records options and listeners; `emit` plays what the OS does. */
export function createFakeNotifications() {
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

/** The web preferences every window of the app must be created with (window.main.ts, prompt-window.main.ts write them out for electronegativity). */
export function hardenedWebPreferences(preload: string, devTools: boolean): Record<string, unknown> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    disableBlinkFeatures: 'Auxclick',
    devTools,
  }
}
