import type { PromptContent } from '../../shared/ipc'
import type { ApprovalRequest, PresentApproval } from '../core/alerts/notify/approver'
import { approvalPrompt } from './notification-routing'
import type { DesktopNotificationDeps, NotificationLike } from './notifications.main'
import type { OpenPrompt } from './prompt-window.main'

/** The approval window's title; the Electron e2e tests find the window by it. */
export const APPROVAL_WINDOW_TITLE = 'Keyward — approve key request'

/** The approval window's words and buttons: Deny first, focused, and the answer to Escape or closing; Approve styled as the action. */
export function approvalContent(request: ApprovalRequest): PromptContent {
  // One sentence, then who really asked (peer credentials) and what it claims, in labelled fields: notification-routing.ts.
  const prompt = approvalPrompt(request)
  return { title: APPROVAL_WINDOW_TITLE, heading: prompt.title, lines: [prompt.body, ...prompt.fields], buttons: [...prompt.buttons], defaultId: 0, cancelId: 0, primaryId: 1 }
}

/** What the approval presenter needs: the prompt window, and on macOS a notification with buttons. */
export interface ApprovalPresenterDeps {
  readonly platform: NodeJS.Platform
  readonly isSupported: () => boolean
  readonly create: DesktopNotificationDeps['create']
  /** Opens the prompt window and returns at once (prompt-window.main.ts). */
  readonly openPrompt: (content: PromptContent, onAnswer: (index: number) => void) => OpenPrompt
}

/**
 * Presents an approval request in the app's own prompt window (every OS), and on macOS also as a
 * notification with Approve/Deny buttons (notification actions are macOS-only in Electron), which
 * reaches a person in another app's full-screen space. Returns without waiting: the first answer
 * wins and closes the other prompt; the broker's timeout closes both.
 */
export function presentApproval(deps: ApprovalPresenterDeps): PresentApproval {
  return (request, respond) => {
    let notification: NotificationLike | null = null
    let window: OpenPrompt | null = null
    let answered = false
    const end = () => {
      answered = true
      window?.close()
      notification?.close()
    }
    const answer = (decision: 'approved' | 'denied') => {
      if (answered) return
      end()
      respond(decision)
    }
    if (deps.platform === 'darwin' && deps.isSupported()) {
      const prompt = approvalPrompt(request)
      notification = deps.create({
        title: prompt.title,
        body: [prompt.body, ...prompt.fields].join('\n'),
        urgency: 'critical',
        timeoutType: 'never',
        actions: [{ type: 'button', text: 'Approve' }],
        closeButtonText: 'Deny',
      })
      notification.on('action', (_e, index) => {
        if (index === 0) answer('approved')
      })
      // Its close button reads Deny. A notification that failed (unsigned builds, notifications
      // off) is no answer: the window is still there.
      notification.on('close', () => answer('denied'))
      notification.on('failed', () => (notification = null))
      notification.show()
    }
    window = deps.openPrompt(approvalContent(request), (index) => answer(index === 1 ? 'approved' : 'denied'))
    return { dismiss: end }
  }
}
