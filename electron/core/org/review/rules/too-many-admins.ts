import { type ReviewRule, findingId } from '../review-rule'
import { personLabel } from '../org-facts'
import { roleChangeInConsole } from '../../admin/console-only'

/** Roles with full control of the org. */
const PRIVILEGED = new Set(['admin', 'owner', 'primary_owner'])

/**
 * More admins and owners than `maxAdmins` ("over-provisioned permissions"): one finding per admin,
 * so each can be kept with a reason. No one-click fix: the Admin API refuses to change an admin's
 * (or owner's) role, so the advice says where in the Console to do it.
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
        advice: `Least privilege: keep admin for the few who manage the org; developers can still create and use keys. ${sentenceOf(roleChangeInConsole(u) ?? '')}, or accept this with a reason.`,
        fix: null,
      }))
  },
}

const sentenceOf = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)
