import { type ReviewRule, findingId } from '../review-rule'
import { personLabel } from '../org-facts'

/** Roles with full control of the org. */
const PRIVILEGED = new Set(['admin', 'owner', 'primary_owner'])

/**
 * More admins and owners than `maxAdmins` ("over-provisioned permissions") → change role: one
 * finding per admin (owners are changed in the Console only), so each can be kept with a reason.
 */
export const tooManyAdminsRule: ReviewRule = {
  id: 'admin-role',
  severity: 'medium',
  check(facts, settings) {
    const privileged = facts.users.filter((u) => PRIVILEGED.has(u.role))
    if (privileged.length <= settings.maxAdmins) return []
    return privileged
      .filter((u) => u.role === 'admin')
      .map((u) => ({
        id: findingId('admin-role', u.id),
        title: `${u.name} is one of ${privileged.length} admins and owners`,
        evidence: [`${privileged.length} people hold admin or owner roles; the threshold is ${settings.maxAdmins}`, ...privileged.map((p) => `${personLabel(p)}: ${p.role.replace('_', ' ')}`)],
        advice: 'Least privilege: keep admin for the few who manage the org; developers can still create and use keys.',
        fix: { kind: 'change-role' as const, label: 'Make developer', description: `Change ${u.name}'s role from admin to developer.`, targetId: u.id },
      }))
  },
}
