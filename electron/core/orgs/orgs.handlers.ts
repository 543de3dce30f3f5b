import type { Handlers } from '../router'
import type { OrgRegistry } from './org-registry'

/** Handlers for `orgs.*`. */
export function orgHandlers(orgs: OrgRegistry): Pick<Handlers, 'orgs.list' | 'orgs.add' | 'orgs.remove' | 'orgs.addDemo'> {
  return {
    'orgs.list': () => orgs.list(),
    'orgs.add': (i) => orgs.add(i.baseURL === undefined ? { adminProfile: i.adminProfile } : { adminProfile: i.adminProfile, baseURL: i.baseURL }),
    'orgs.remove': async (i) => ({ removed: await orgs.remove(i.orgId) }),
    'orgs.addDemo': () => orgs.addDemo(),
  }
}
