import type { AdminInvite, AdminUser, AssignableOrgRole } from '../../../shared/contract'
import { client } from '../transport/client'
import { change, createPagedStore } from './paged-store'

/** Org users, page by page. */
export const useUsersStore = createPagedStore<AdminUser, { orgId: string }>((q, cursor) => client.call('admin.listUsers', { orgId: q.orgId, cursor, limit: 50 }))

/** Invites, page by page. */
export const useInvitesStore = createPagedStore<AdminInvite, { orgId: string }>((q, cursor) => client.call('admin.listInvites', { orgId: q.orgId, cursor, limit: 50 }))

const reloadUsers = () => useUsersStore.getState().reload()
const reloadInvites = () => useInvitesStore.getState().reload()

/** User and invite changes; each returns the error to show in place, or null. */
export const userActions = {
  setRole: (orgId: string, userId: string, role: AssignableOrgRole) => change(client.call('admin.updateUserRole', { orgId, userId, role }), reloadUsers),
  remove: (orgId: string, userId: string) => change(client.call('admin.removeUser', { orgId, userId }), reloadUsers),
  invite: (orgId: string, email: string, role: AssignableOrgRole) => change(client.call('admin.createInvite', { orgId, email, role }), reloadInvites),
  deleteInvite: (orgId: string, inviteId: string) => change(client.call('admin.deleteInvite', { orgId, inviteId }), reloadInvites),
}
