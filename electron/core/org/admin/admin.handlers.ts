import type { Handlers } from '../../router'
import type { AdminService } from './admin-service'

type AdminProcedure = Extract<keyof Handlers, `admin.${string}`>

/** Handlers for `admin.*`: thin, the service does the work. */
export function adminHandlers(admin: AdminService): Pick<Handlers, AdminProcedure> {
  return {
    'admin.getOrganization': (i) => admin.getOrganization(i.orgId),
    'admin.listUsers': (i) => admin.listUsers(i.orgId, i),
    'admin.updateUserRole': (i) => admin.updateUserRole(i.orgId, i.userId, i.role),
    'admin.removeUser': (i) => admin.removeUser(i.orgId, i.userId),
    'admin.listInvites': (i) => admin.listInvites(i.orgId, i),
    'admin.createInvite': (i) => admin.createInvite(i.orgId, i.email, i.role),
    'admin.deleteInvite': (i) => admin.deleteInvite(i.orgId, i.inviteId),
    'admin.listWorkspaces': (i) => admin.listWorkspaces(i.orgId, i, i.includeArchived, i.includeDefault),
    'admin.getWorkspace': (i) => admin.getWorkspace(i.orgId, i.workspaceId),
    'admin.createWorkspace': (i) => admin.createWorkspace(i.orgId, i.name),
    'admin.renameWorkspace': (i) => admin.renameWorkspace(i.orgId, i.workspaceId, i.name),
    'admin.archiveWorkspace': (i) => admin.archiveWorkspace(i.orgId, i.workspaceId),
    'admin.listMembers': (i) => admin.listMembers(i.orgId, i.workspaceId, i),
    'admin.addMember': (i) => admin.addMember(i.orgId, i.workspaceId, i.userId, i.role),
    'admin.updateMemberRole': (i) => admin.updateMemberRole(i.orgId, i.workspaceId, i.userId, i.role),
    'admin.removeMember': (i) => admin.removeMember(i.orgId, i.workspaceId, i.userId),
    'admin.listApiKeys': (i) => admin.listApiKeys(i.orgId, i, i),
    'admin.getApiKey': (i) => admin.getApiKey(i.orgId, i.apiKeyId),
    'admin.renameApiKey': (i) => admin.renameApiKey(i.orgId, i.apiKeyId, i.name),
    'admin.setApiKeyStatus': (i) => admin.setApiKeyStatus(i.orgId, i.apiKeyId, i.status),
    'admin.listSpendLimits': (i) => admin.listSpendLimits(i.orgId, i, i.workspaceId),
    'admin.listEffectiveSpendLimits': (i) => admin.listEffectiveSpendLimits(i.orgId, i),
    'admin.setSpendLimit': (i) => admin.setSpendLimit(i.orgId, i.scope, i.period, i.amount),
    'admin.deleteSpendLimit': (i) => admin.deleteSpendLimit(i.orgId, i.spendLimitId),
    'admin.listRateLimits': (i) => admin.listRateLimits(i.orgId, i.workspaceId, i),
  }
}
