import type { TrayMoney } from '../../../../shared/contract/tray.contract'
import { redactSecrets } from '../../../../shared/redact'

/**
 * A notice: something the core raises for the user to hear about even when no window is open. Never
 * carries a key. The host shows it as a desktop notification (Electron) or a log line (the daemon).
 * A notice raised by a budget or the spike rule is an alert: `channels` names the alert channels
 * (webhook, e-mail) that also receive it, through the outbox; absent or empty means only the
 * notification or log line. Words as in docs/architecture.md's glossary.
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
  | {
      /** A month budget's projection crossed the budget's amount before the spend did. */
      readonly kind: 'budget-projection'
      readonly scope: string
      /** The projected month-end range, as shown (rounded outward), and the limit. */
      readonly projectedLow: TrayMoney
      readonly projectedHigh: TrayMoney
      readonly limit: TrayMoney
      /** How far the slower pace ends the month over the limit. */
      readonly over: TrayMoney
      readonly budgetId: string
    }
  | {
      /** An hour far above a key's (or person's) own baseline. */
      readonly kind: 'usage-spike'
      /** What spiked, as people call it: "key ci-runner", "person Ada Lovelace". */
      readonly subject: string
      readonly key: string | null
      readonly workspace: string | null
      readonly person: string | null
      /** The UTC hour's start, ISO-8601. */
      readonly hour: string
      readonly spent: TrayMoney
      readonly baseline: TrayMoney
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
    case 'budget-projection':
      return {
        title: `Budget on track to be exceeded: ${notice.scope}`,
        body: `This month is projected at ${notice.projectedLow.amount}–${notice.projectedHigh.amount} ${notice.limit.currency}, over its budget of ${notice.limit.amount}: on track to exceed it by ${notice.over.amount} or more.`,
      }
    case 'usage-spike': {
      const hour = notice.hour.slice(0, 13).replace('T', ' ')
      const who = [notice.key && `key ${notice.key}`, notice.workspace && `workspace ${notice.workspace}`, notice.person && `person ${notice.person}`].filter(Boolean).join(' · ')
      return {
        title: `Spend spike: ${notice.subject}`,
        body: `${notice.spent.amount} ${notice.spent.currency} in the hour from ${hour}:00 UTC, against a usual hour of ${notice.baseline.amount}.${who ? ` ${who}.` : ''}`,
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
