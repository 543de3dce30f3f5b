import type { ApprovalRequest } from '../core/alerts/notify/approver'
import { type Notice, describeNotice } from '../core/alerts/notify/notice'
import { safeField, safeValue } from '../../shared/terminal-text'

/** A desktop notification as data: its words, whether it may be ignored, and the screen a click opens. */
export interface RoutedNotice {
  readonly title: string
  readonly body: string
  readonly urgency: 'normal' | 'critical'
  readonly screen: string
  readonly rest: readonly string[]
}

/** A notification title longer than this is cut (the OS would cut it anyway, without saying so). */
const NOTICE_TITLE_MAX = 120

/** Where each notice leads: budgets to the budget, rotation reminders to the Rotation screen, sync failures to the usage screen. */
export function routeNotice(notice: Notice): RoutedNotice {
  // Notices name keys, workspaces and orgs from the Admin API: shown by the one rule for outside text.
  const described = describeNotice(notice)
  const title = safeField(described.title, NOTICE_TITLE_MAX)
  const body = safeValue(described.body)
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
      return { title, body, urgency: 'critical', screen: 'profiles', rest: [] }
  }
}

/** The words of an approval prompt: a title, one sentence, then the claims and facts as labelled fields. */
export interface ApprovalWords {
  readonly title: string
  readonly body: string
  /** "Process: …", "Tool: …", "Directory: …": each value made visible and cut (shared/terminal-text.ts). */
  readonly fields: readonly string[]
  readonly buttons: readonly ['Deny', 'Approve']
}

/** A claimed tool name may be 256 characters; a prompt field shows this many. */
export const TOOL_FIELD_MAX = 80
/** A directory (a forwarded one may be 4,096 characters) or an executable path shows this many, cut in the middle. */
export const PATH_FIELD_MAX = 200

/**
 * The words of an approval prompt: which process (as the OS names it) wants which profile where; the
 * tool name is only what the caller claims. What the caller claims (tool, remote directory) and what
 * the OS says (executable) stand in their own labelled fields, controls made visible and cut to a
 * sane length, never inside the prompt's sentences, so a claim cannot rewrite them.
 * Buttons: Deny first (the default), then Approve.
 */
export function approvalPrompt(request: ApprovalRequest): ApprovalWords {
  if (request.host !== undefined) return forwardedPrompt(request, request.host)
  const name = basename(request.executable)
  const process =
    request.executable !== undefined ? `${safeField(request.executable, PATH_FIELD_MAX, 'middle')}${request.pid !== undefined ? ` (pid ${request.pid})` : ''}` : 'not identified by the OS'
  return {
    title: `Allow ${name === undefined ? 'an unidentified process' : safeField(name, TOOL_FIELD_MAX)} to use ${safeField(request.profile, TOOL_FIELD_MAX)}?`,
    body: `A process asked for the key of profile "${safeField(request.profile, TOOL_FIELD_MAX)}". Approving lets this process have the key for a while; another process asks again.${queuedText(request)}`,
    fields: [`Process: ${process}`, toolField(request.tool), `Directory: ${safeField(request.directory, PATH_FIELD_MAX, 'middle')}`],
    buttons: ['Deny', 'Approve'],
  }
}

/** A request from a remote machine over `keyward ssh`: the host is what the laptop's ssh connected to; the tool and directory are the remote's claims. */
function forwardedPrompt(request: ApprovalRequest, host: string): ApprovalWords {
  const shownHost = safeField(host, TOOL_FIELD_MAX)
  return {
    title: `Allow ${shownHost} to use ${safeField(request.profile, TOOL_FIELD_MAX)}?`,
    body: `A tool on ${shownHost} (reached over keyward ssh) asked for the key of profile "${safeField(request.profile, TOOL_FIELD_MAX)}". Approving lets that ssh session have the key in that directory for a while.${queuedText(request)}`,
    fields: [toolField(request.tool), `Directory: ${safeField(request.directory, PATH_FIELD_MAX, 'middle')} (claimed by the remote)`],
    buttons: ['Deny', 'Approve'],
  }
}

/** The claimed tool as a field: "Tool: claude (claimed)", or that it did not say. */
function toolField(tool: string): string {
  return tool === 'unknown tool' ? 'Tool: not named by the caller' : `Tool: ${safeField(tool, TOOL_FIELD_MAX)} (claimed)`
}

function queuedText(request: ApprovalRequest): string {
  return request.queued ? ` ${request.queued} more ${request.queued === 1 ? 'request is' : 'requests are'} waiting for this profile; Deny refuses them too.` : ''
}

/** The last path segment of an executable, for the prompt's title. */
function basename(path: string | undefined): string | undefined {
  return path?.split(/[\\/]/).pop() || undefined
}
