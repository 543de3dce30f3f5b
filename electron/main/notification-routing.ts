import type { ApprovalRequest } from '../core/notify/approver'
import { type Notice, describeNotice } from '../core/notify/notice'

/** A desktop notification as data: its words, whether it may be ignored, and the screen a click opens. */
export interface RoutedNotice {
  readonly title: string
  readonly body: string
  readonly urgency: 'normal' | 'critical'
  readonly screen: string
  readonly rest: readonly string[]
}

/** Where each notice leads: budgets to the budget, rotation reminders to the Rotation screen, sync failures to the usage screen. */
export function routeNotice(notice: Notice): RoutedNotice {
  const { title, body } = describeNotice(notice)
  switch (notice.kind) {
    case 'budget-threshold':
      return { title, body, urgency: notice.thresholdPercent >= 100 ? 'critical' : 'normal', screen: 'budgets', rest: [notice.budgetId] }
    case 'rotation-reminder':
      return { title, body, urgency: 'normal', screen: 'rotation', rest: [] }
    case 'sync-failed':
      return { title, body, urgency: 'normal', screen: 'usage', rest: [] }
  }
}

/** The words of an approval prompt: who wants which profile where. Buttons: Deny first (the default), then Approve. */
export function approvalPrompt(request: ApprovalRequest): { title: string; body: string; buttons: readonly ['Deny', 'Approve'] } {
  return {
    title: `Allow ${request.tool} to use ${request.profile}?`,
    body: `${request.tool} asked for the key of profile "${request.profile}" in ${request.directory}. This profile requires your approval each time.`,
    buttons: ['Deny', 'Approve'],
  }
}
