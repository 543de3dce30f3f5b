import type { TrayMoney } from '../../../shared/contract/tray.contract'
import { redactSecrets } from '../../../shared/redact'

/**
 * Something the user should hear about even when no window is open. Never carries a key.
 * `channels` names the alert channels (webhook, e-mail) that also receive it, besides the desktop
 * notification or the daemon's log line; absent or empty means only those.
 */
export type Notice = NoticeBody & { readonly channels?: readonly string[] }

type NoticeBody =
  | {
      readonly kind: 'budget-threshold'
      /** What the budget covers, as people call it: "org Acme", "workspace Research", "project ~/acme". */
      readonly scope: string
      readonly period: 'day' | 'month'
      readonly thresholdPercent: number
      readonly spent: TrayMoney
      readonly limit: TrayMoney
      /** The budget's id, so the notification can open it. */
      readonly budgetId: string
    }
  | { readonly kind: 'rotation-reminder'; readonly profile: string; readonly ageDays: number }
  | { readonly kind: 'sync-failed'; readonly attempts: number; readonly lastError: string }
  /** config.json's guard settings do not match their seal: `profiles` are refused (null: every profile). */
  | { readonly kind: 'guard-tampered'; readonly profiles: readonly string[] | null; readonly why: string }

/** A notice as text: what a desktop notification or a log line says. */
export interface NoticeText {
  readonly title: string
  readonly body: string
}

/** Words for a notice; `lastError` is redacted because it may come from a server or a library. */
export function describeNotice(notice: Notice): NoticeText {
  switch (notice.kind) {
    case 'budget-threshold': {
      const reached = notice.thresholdPercent >= 100 ? 'exceeded' : `reached ${notice.thresholdPercent}%`
      return {
        title: `Budget ${reached}: ${notice.scope}`,
        body: `${notice.period === 'day' ? 'Today' : 'This month'}: ${notice.spent.amount} of ${notice.limit.amount} ${notice.limit.currency}.`,
      }
    }
    case 'rotation-reminder':
      return {
        title: `Time to rotate ${notice.profile}`,
        body: `This key is ${notice.ageDays} days old. Open Rotation to rotate it.`,
      }
    case 'guard-tampered':
      return {
        title: 'Guard settings changed outside Keyward',
        body: `${notice.why.slice(0, 200)}. Nothing is served from ${notice.profiles === null ? 'any profile' : notice.profiles.join(', ').slice(0, 200)} until you check them and run: keyward guard --reseal --yes`,
      }
    case 'sync-failed':
      return {
        title: 'Usage sync keeps failing',
        body: `${notice.attempts} attempts failed; last: ${redactSecrets(notice.lastError).slice(0, 200)}`,
      }
  }
}
