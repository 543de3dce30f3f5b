import type { Handlers } from '../../router'
import type { AuditLog } from './audit-log'

/** Handlers for `audit.*`. */
export function auditHandlers(audit: AuditLog): Pick<Handlers, 'audit.list'> {
  return {
    'audit.list': (input) => audit.page(input),
  }
}
