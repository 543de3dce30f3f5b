import type { Handlers } from '../../router'
import type { ConfirmOrgMove, OrgRegistry } from './org-registry'

/**
 * Handlers for `orgs.*`. `confirmOrgMove` is the host's own window (the desktop app); the contract
 * carries no "replace" flag, so a caller can never move an org's Admin key without a person's yes.
 */
export function orgHandlers(orgs: OrgRegistry, confirmOrgMove?: ConfirmOrgMove): Pick<Handlers, 'orgs.list' | 'orgs.add' | 'orgs.remove' | 'orgs.addDemo'> {
  const options = confirmOrgMove ? { confirmMove: confirmOrgMove } : {}
  return {
    'orgs.list': () => orgs.list(),
    'orgs.add': (i) => orgs.add(i.baseURL === undefined ? { adminProfile: i.adminProfile } : { adminProfile: i.adminProfile, baseURL: i.baseURL }, options),
    'orgs.remove': async (i) => ({ removed: await orgs.remove(i.orgId) }),
    'orgs.addDemo': () => orgs.addDemo(),
  }
}
