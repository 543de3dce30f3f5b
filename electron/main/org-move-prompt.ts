import type { PromptContent } from '../../shared/ipc'
import type { ConfirmOrgMove, OrgMove } from '../core/org/orgs/org-registry'

/** The window's title; tests (and people) tell it apart from the dashboard and other prompts by it. */
export const ORG_MOVE_WINDOW_TITLE = 'Keyward — move an org'

/** The question: both URLs on their own lines, Keep first, focused, and the answer to Escape or closing. */
export function orgMoveContent(move: OrgMove): PromptContent {
  return {
    title: ORG_MOVE_WINDOW_TITLE,
    heading: `Send the Admin key of ${move.adminProfile} to a new address?`,
    lines: [
      `Org: ${move.orgName.slice(0, 80)} (${move.orgId.slice(0, 80)})`,
      `Now: ${move.from}`,
      `New: ${move.to}`,
      'Every sync would send this org’s Admin key to the new address. Move it only if you typed that address yourself.',
    ],
    buttons: ['Keep the current address', 'Move the org'],
    defaultId: 0,
    cancelId: 0,
    primaryId: 1,
  }
}

/**
 * The desktop app's confirmation for `orgs.add` over IPC: the question in the app's own prompt
 * window (never the dashboard, which a page could script), yes only for "Move the org".
 */
export function confirmOrgMoveIn(ask: (content: PromptContent) => Promise<number>): ConfirmOrgMove {
  return async (move) => (await ask(orgMoveContent(move))) === 1
}
