import type { Handlers } from '../../router'
import type { OffboardService } from './offboard-service'

/** Handlers for `offboard.*`. */
export function offboardHandlers(offboard: OffboardService): Pick<Handlers, 'offboard.plan' | 'offboard.run'> {
  return {
    'offboard.plan': (i) => offboard.plan(i.orgId, i.email),
    'offboard.run': (i) => offboard.run(i.orgId, i.email, { keysOnly: i.keysOnly === true }),
  }
}
