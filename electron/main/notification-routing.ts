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
    case 'budget-projection':
      return { title, body, urgency: 'normal', screen: 'budgets', rest: [notice.budgetId] }
    case 'usage-spike':
      return { title, body, urgency: 'critical', screen: 'usage', rest: [] }
    case 'rotation-reminder':
      return { title, body, urgency: 'normal', screen: 'rotation', rest: [] }
    case 'sync-failed':
      return { title, body, urgency: 'normal', screen: 'usage', rest: [] }
    case 'guard-tampered':
      return { title, body, urgency: 'critical', screen: 'keys', rest: [] }
  }
}

/**
 * The words of an approval prompt: which process (as the OS names it) wants which profile where; the
 * tool name is only what the caller claims. Buttons: Deny first (the default), then Approve.
 */
export function approvalPrompt(request: ApprovalRequest): { title: string; body: string; buttons: readonly ['Deny', 'Approve'] } {
  if (request.host !== undefined) return forwardedPrompt(request, request.host)
  const who = request.executable !== undefined ? `${request.executable}${request.pid !== undefined ? ` (pid ${request.pid})` : ''}` : 'A process Keyward could not identify'
  const claim = request.tool === 'unknown tool' ? 'which did not say what tool it is' : `which claims to be ${request.tool}`
  const queued = request.queued ? ` ${request.queued} more ${request.queued === 1 ? 'request is' : 'requests are'} waiting for this profile; Deny refuses them too.` : ''
  return {
    title: `Allow ${basename(request.executable) ?? request.tool} to use ${request.profile}?`,
    body: `${who}, ${claim}, asked for the key of profile "${request.profile}" in ${request.directory}. Approving lets this process have the key for a while; another process asks again.${queued}`,
    buttons: ['Deny', 'Approve'],
  }
}

/** A request from a remote machine over `keyward ssh`: the host is what the laptop's ssh connected to; the tool and directory are the remote's claims. */
function forwardedPrompt(request: ApprovalRequest, host: string): { title: string; body: string; buttons: readonly ['Deny', 'Approve'] } {
  const claim = request.tool === 'unknown tool' ? 'a tool that did not say what it is' : `a tool that claims to be ${request.tool}`
  const queued = request.queued ? ` ${request.queued} more ${request.queued === 1 ? 'request is' : 'requests are'} waiting for this profile; Deny refuses them too.` : ''
  return {
    title: `Allow ${host} to use ${request.profile}?`,
    body: `On ${host} (reached over keyward ssh), ${claim} asked for the key of profile "${request.profile}" in ${request.directory}. Approving lets that ssh session have the key in that directory for a while.${queued}`,
    buttons: ['Deny', 'Approve'],
  }
}

/** The last path segment of an executable, for the prompt's title. */
function basename(path: string | undefined): string | undefined {
  return path?.split(/[\\/]/).pop() || undefined
}
