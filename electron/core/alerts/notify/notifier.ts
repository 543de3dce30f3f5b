import { type Notice, describeNotice } from './notice'

/**
 * Where the core sends notices. The Electron host shows desktop notifications; the daemon
 * (no desktop) writes log lines. Services depend on this interface only.
 */
export interface Notifier {
  notify(notice: Notice): void
}

/** The daemon's notifier: one log line per notice. */
export function logNotifier(log: (line: string) => void): Notifier {
  return {
    notify(notice) {
      const { title, body } = describeNotice(notice)
      log(`notice: ${title} — ${body}`)
    },
  }
}

/**
 * Passes each notice on once per key (budgets raise each threshold once per period; a reminder
 * once per profile and age). The key should name the period, e.g. `budget:b1:80:2025-06`.
 */
export function onceNotifier(inner: Notifier, keyOf: (notice: Notice) => string): Notifier & { reset(): void } {
  const sent = new Set<string>()
  return {
    notify(notice) {
      const key = keyOf(notice)
      if (sent.has(key)) return
      sent.add(key)
      inner.notify(notice)
    },
    reset: () => sent.clear(),
  }
}

/** A sync-failure tracker: says nothing about one flaky attempt, notifies once after `threshold` in a row. */
export interface SyncFailureTracker {
  succeeded(): void
  failed(error: unknown): void
}

/** Builds the tracker the sync service reports each attempt to (3 consecutive failures by default). */
export function syncFailureTracker(notifier: Notifier, threshold = 3): SyncFailureTracker {
  let consecutive = 0
  return {
    succeeded() {
      consecutive = 0
    },
    failed(error) {
      consecutive += 1
      if (consecutive === threshold) {
        notifier.notify({ kind: 'sync-failed', attempts: consecutive, lastError: error instanceof Error ? error.message : String(error) })
      }
    },
  }
}
