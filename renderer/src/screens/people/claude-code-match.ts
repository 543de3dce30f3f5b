import type { ActorType, ClaudeCodePerson, ClaudeCodeReport } from '../../../../shared/contract'

/** Who a People row is, as far as matching it to the Claude Code report goes. */
export interface PersonIdentity {
  readonly type: ActorType
  readonly label: string
  /** A user's e-mail (the People rows carry it here). */
  readonly detail: string | null
}

/**
 * The Claude Code figures of a People row: a user by e-mail (case-insensitive; the Claude Code
 * report names users only by e-mail), a key used with no person behind it by the key's name.
 * Other identities (service accounts, federated ones) have no Claude Code report.
 */
export function claudeCodeOf(person: PersonIdentity, report: ClaudeCodeReport | null): ClaudeCodePerson | undefined {
  if (!report) return undefined
  if (person.type === 'user' && person.detail) {
    const email = person.detail.toLowerCase()
    return report.people.find((p) => p.actorType === 'user' && p.actor.toLowerCase() === email)
  }
  if (person.type === 'api_key') return report.people.find((p) => p.actorType === 'api_key' && p.actor === person.label)
  return undefined
}

/** The share of tool proposals accepted, as a ratio, or null when there were none. */
export function acceptRatio(f: { toolAccepted: number; toolRejected: number }): number | null {
  const all = f.toolAccepted + f.toolRejected
  return all === 0 ? null : f.toolAccepted / all
}
