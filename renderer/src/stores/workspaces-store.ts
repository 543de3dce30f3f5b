import type { AdminMember, AdminWorkspace } from '../../../shared/contract'
import { client } from '../transport/client'
import { change, createPagedStore } from './paged-store'

/** Which workspaces to list. */
export interface WorkspaceQuery {
  orgId: string
  includeArchived: boolean
  /** The Default workspace too (the API keys screen names the workspace of every key). */
  includeDefault?: boolean
}

/** Workspaces of the selected org, page by page. */
export const useWorkspacesStore = createPagedStore<AdminWorkspace, WorkspaceQuery>((q, cursor) =>
  client.call('admin.listWorkspaces', { orgId: q.orgId, includeArchived: q.includeArchived, includeDefault: q.includeDefault ?? false, cursor, limit: 50 }),
)

/** The members of one workspace, page by page. */
export const useMembersStore = createPagedStore<AdminMember, { orgId: string; workspaceId: string }>((q, cursor) =>
  client.call('admin.listMembers', { orgId: q.orgId, workspaceId: q.workspaceId, cursor, limit: 50 }),
)

const reloadWorkspaces = () => useWorkspacesStore.getState().reload()
const reloadMembers = () => useMembersStore.getState().reload()

/** Workspace and member changes; each returns the error to show in place, or null. */
export const workspaceActions = {
  create: (orgId: string, name: string) => change(client.call('admin.createWorkspace', { orgId, name }), reloadWorkspaces),
  rename: (orgId: string, workspaceId: string, name: string) => change(client.call('admin.renameWorkspace', { orgId, workspaceId, name }), reloadWorkspaces),
  archive: (orgId: string, workspaceId: string) => change(client.call('admin.archiveWorkspace', { orgId, workspaceId }), reloadWorkspaces),
  addMember: (orgId: string, workspaceId: string, userId: string, role: 'workspace_user' | 'workspace_developer' | 'workspace_restricted_developer' | 'workspace_admin') =>
    change(client.call('admin.addMember', { orgId, workspaceId, userId, role }), reloadMembers),
  setMemberRole: (orgId: string, workspaceId: string, userId: string, role: 'workspace_user' | 'workspace_developer' | 'workspace_restricted_developer' | 'workspace_admin' | 'workspace_billing') =>
    change(client.call('admin.updateMemberRole', { orgId, workspaceId, userId, role }), reloadMembers),
  removeMember: (orgId: string, workspaceId: string, userId: string) => change(client.call('admin.removeMember', { orgId, workspaceId, userId }), reloadMembers),
}
