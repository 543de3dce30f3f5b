import type { Notifier } from '../notify/notifier'
import { alertFromNotice, newAlertId } from './alert-from-notice'
import type { Outbox } from '../outbox/outbox'

/**
 * Passes every notice to `inner` (the desktop notification or log line) and, when it names
 * channels, also puts one alert per channel in the durable outbox, which delivers it. The write is
 * started at once; its failure (a full disk) is logged, since the desktop or log line still went out.
 */
export function channelNotifier(inner: Notifier, outbox: Pick<Outbox, 'enqueue'>, log: (line: string) => void, now: () => Date = () => new Date()): Notifier & { idle(): Promise<void> } {
  const writes = new Set<Promise<void>>()
  return {
    notify(notice) {
      inner.notify(notice)
      const channels = notice.channels ?? []
      if (channels.length === 0) return
      const write = outbox
        .enqueue(alertFromNotice(notice, newAlertId(), now()), channels)
        .catch((error: unknown) => log(`outbox: an alert for ${channels.join(', ')} could not be queued: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => writes.delete(write))
      writes.add(write)
    },
    async idle() {
      await Promise.all([...writes])
    },
  }
}
