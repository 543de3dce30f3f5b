import type Anthropic from '@anthropic-ai/sdk'
import { formatMoney, parseCents } from '../../../../shared/money'
import type {
  AdminApiKey,
  AdminInvite,
  AdminMember,
  AdminRateLimit,
  AdminSpendLimit,
  AdminSpendSummary,
  AdminUser,
  AdminWorkspace,
  ApiKeyStatus,
  AssignableOrgRole,
  SpendScopeInput,
  WorkspaceRole,
} from '../../../../shared/contract/admin.contract'
import type { Org } from '../orgs/org-directory'
import type { AuditTarget } from '../../../../shared/contract/audit.contract'
import { toAdminError } from './admin-errors'
import { toApiKey, toInvite, toMember, toRateLimit, toSpendLimit, toSpendSummary, toUser, toWorkspace } from './admin-mappers'
import { API_MAX_PAGE_SIZE, listPageCap } from '../paging/page-caps'
import { checkNextCursor, collectPages } from '../paging/page-walk'

/** One page of results and the cursor to pass back for the next. */
export interface AdminPage<T> {
  items: T[]
  nextCursor: string | null
}

/** Paging for list calls: the previous page's cursor (null for the first) and a page size. */
export interface PageRequest {
  cursor: string | null
  limit: number
}

/** What the admin service needs: a way to find an org and its SDK client, and the audit log. */
export interface AdminServiceDeps {
  getOrg(orgId: string): Promise<Org>
  client(orgId: string): Promise<Anthropic>
  /** Records one admin action (never a key) and what it was about; a failure is reported, not thrown, because the change already happened. */
  audit(detail: string, org: Org, target?: AuditTarget): Promise<void>
}

/** An id-cursor page (`first_id`/`last_id`/`has_more`) as the SDK returns it. */
interface IdPage<T> {
  data: T[]
  has_more: boolean
  last_id: string | null
}

/** A token-cursor page (`next_page`) as the SDK returns it. */
interface TokenCursorPage<T> {
  data: T[]
  next_page: string | null
}

/** What a refused admin list walk leaves behind (walks only read) and what to do. */
export const ADMIN_WALK_OUTCOME = 'nothing was changed; try again later or report it'

/** The Admin API path of each list, named when its pages point back at themselves or never end. */
export const ADMIN_LIST_PATHS = {
  users: '/v1/organizations/users',
  invites: '/v1/organizations/invites',
  workspaces: '/v1/organizations/workspaces',
  members: (workspaceId: string) => `/v1/organizations/workspaces/${workspaceId}/members`,
  apiKeys: '/v1/organizations/api_keys',
  spendLimits: '/v1/organizations/spend_limits',
  effectiveSpendLimits: '/v1/organizations/spend_limits/effective',
  rateLimits: (workspaceId: string) => `/v1/organizations/workspaces/${workspaceId}/rate_limits`,
} as const

// One page for the dashboard's "Load more": a next cursor that is the one asked with is refused.
const fromIdPage = <T, U>(path: string, asked: PageRequest, page: IdPage<T>, map: (t: T) => U): AdminPage<U> => ({
  items: page.data.map(map),
  nextCursor: checkNextCursor(path, asked.cursor, page.has_more && page.last_id ? page.last_id : null),
})
const fromCursorPage = <T, U>(path: string, asked: PageRequest, page: TokenCursorPage<T>, map: (t: T) => U): AdminPage<U> => ({
  items: page.data.map(map),
  nextCursor: checkNextCursor(path, asked.cursor, page.next_page ? page.next_page : null),
})
const idParams = (p: PageRequest) => ({ limit: p.limit, ...(p.cursor ? { after_id: p.cursor } : {}) })
const cursorParams = (p: PageRequest) => ({ limit: p.limit, ...(p.cursor ? { page: p.cursor } : {}) })

/**
 * Every Admin API operation Keyward offers, through the official SDK. Each call names its org;
 * every SDK error becomes a coded KeywardError that names the org and the action; every change
 * is written to the audit log after it succeeded. Nothing is cached locally, so a failure can
 * never leave local state half-changed.
 */
export function createAdminService(deps: AdminServiceDeps) {
  async function read<T>(orgId: string, action: string, run: (org: Anthropic['beta']['organization']) => Promise<T>): Promise<T> {
    const org = await deps.getOrg(orgId)
    try {
      const client = await deps.client(orgId)
      return await run(client.beta.organization)
    } catch (error) {
      throw toAdminError(error, { org, action })
    }
  }
  /** Runs a change, then audits it with its target, named from the result when the result says (a renamed key, a created workspace). */
  async function write<T>(orgId: string, action: string, run: (org: Anthropic['beta']['organization']) => Promise<T>, target?: AuditTarget | ((result: T) => AuditTarget)): Promise<T> {
    const result = await read(orgId, action, run)
    await deps.audit(action, await deps.getOrg(orgId), typeof target === 'function' ? target(result) : target)
    return result
  }

  return {
    /** The organization behind the org's Admin key. */
    getOrganization: (orgId: string) =>
      read(orgId, 'read the organization', async (o) => {
        const me = await o.retrieve()
        return { id: me.id, name: me.name }
      }),

    /** Org users, one page at a time. */
    listUsers: (orgId: string, page: PageRequest): Promise<AdminPage<AdminUser>> =>
      read(orgId, 'list users', async (o) => fromIdPage(ADMIN_LIST_PATHS.users, page, await o.users.list(idParams(page)), toUser)),
    /** Changes an org user's role. */
    updateUserRole: (orgId: string, userId: string, role: AssignableOrgRole) =>
      write(
        orgId,
        `change user ${userId}'s role to ${role}`,
        async (o) => toUser(await o.users.update(userId, { role })),
        (u) => ({ kind: 'user', id: u.id, name: u.name }),
      ),
    /** Removes a user from the org; `name` (when the caller knows it) goes into the audit line, the API answers with the id only. */
    removeUser: (orgId: string, userId: string, name?: string) =>
      write(orgId, `remove user ${userId}${name ? ` (${name})` : ''}`, async (o) => ({ id: (await o.users.remove(userId)).id }), { kind: 'user', id: userId, ...(name !== undefined && { name }) }),

    /** Invites, one page at a time. */
    listInvites: (orgId: string, page: PageRequest): Promise<AdminPage<AdminInvite>> =>
      read(orgId, 'list invites', async (o) => fromIdPage(ADMIN_LIST_PATHS.invites, page, await o.invites.list(idParams(page)), toInvite)),
    /** Invites someone to the org. */
    createInvite: (orgId: string, email: string, role: AssignableOrgRole) =>
      write(
        orgId,
        `invite ${email} as ${role}`,
        async (o) => toInvite(await o.invites.create({ email, role })),
        (i) => ({ kind: 'invite', id: i.id, name: i.email }),
      ),
    /** Withdraws an invite. */
    deleteInvite: (orgId: string, inviteId: string, email?: string) =>
      write(orgId, `delete invite ${inviteId}${email ? ` (${email})` : ''}`, async (o) => ({ id: (await o.invites.delete(inviteId)).id }), {
        kind: 'invite',
        id: inviteId,
        ...(email !== undefined && { name: email }),
      }),

    /** Workspaces, one page at a time, archived ones included on request. */
    listWorkspaces: (orgId: string, page: PageRequest, includeArchived: boolean, includeDefault = false): Promise<AdminPage<AdminWorkspace>> =>
      read(orgId, 'list workspaces', async (o) =>
        fromIdPage(ADMIN_LIST_PATHS.workspaces, page, await o.workspaces.list({ ...idParams(page), include_archived: includeArchived, include_default: includeDefault }), toWorkspace),
      ),
    /** One workspace. */
    getWorkspace: (orgId: string, workspaceId: string) => read(orgId, `read workspace ${workspaceId}`, async (o) => toWorkspace(await o.workspaces.retrieve(workspaceId))),
    /** Creates a workspace. */
    createWorkspace: (orgId: string, name: string) =>
      write(
        orgId,
        `create workspace "${name}"`,
        async (o) => toWorkspace(await o.workspaces.create({ name })),
        (w) => ({ kind: 'workspace', id: w.id, name: w.name }),
      ),
    /** Renames a workspace. */
    renameWorkspace: (orgId: string, workspaceId: string, name: string) =>
      write(
        orgId,
        `rename workspace ${workspaceId} to "${name}"`,
        async (o) => toWorkspace(await o.workspaces.update(workspaceId, { name })),
        (w) => ({ kind: 'workspace', id: w.id, name: w.name }),
      ),
    /** Archives a workspace (its keys stop working; the API offers no way back). */
    archiveWorkspace: (orgId: string, workspaceId: string) =>
      write(
        orgId,
        `archive workspace ${workspaceId}`,
        async (o) => toWorkspace(await o.workspaces.archive(workspaceId)),
        (w) => ({ kind: 'workspace', id: w.id, name: w.name }),
      ),

    /** A workspace's members, one page at a time. */
    listMembers: (orgId: string, workspaceId: string, page: PageRequest): Promise<AdminPage<AdminMember>> =>
      read(orgId, `list the members of workspace ${workspaceId}`, async (o) =>
        fromIdPage(ADMIN_LIST_PATHS.members(workspaceId), page, await o.workspaces.members.list(workspaceId, idParams(page)), toMember),
      ),
    /** Adds an org user to a workspace. */
    addMember: (orgId: string, workspaceId: string, userId: string, role: Exclude<WorkspaceRole, 'workspace_billing'>) =>
      write(orgId, `add user ${userId} to workspace ${workspaceId} as ${role}`, async (o) => toMember(await o.workspaces.members.add(workspaceId, { user_id: userId, workspace_role: role })), {
        kind: 'user',
        id: userId,
      }),
    /** Changes a member's workspace role. */
    updateMemberRole: (orgId: string, workspaceId: string, userId: string, role: WorkspaceRole) =>
      write(
        orgId,
        `change user ${userId}'s role in workspace ${workspaceId} to ${role}`,
        async (o) => toMember(await o.workspaces.members.update(userId, { workspace_id: workspaceId, workspace_role: role })),
        { kind: 'user', id: userId },
      ),
    /** Removes a member from a workspace. */
    removeMember: (orgId: string, workspaceId: string, userId: string) =>
      write(
        orgId,
        `remove user ${userId} from workspace ${workspaceId}`,
        async (o) => {
          const removed = await o.workspaces.members.remove(userId, { workspace_id: workspaceId })
          return { userId: removed.user_id, workspaceId: removed.workspace_id }
        },
        { kind: 'user', id: userId },
      ),

    /** Org API keys, one page at a time, filtered by workspace, status and creator. */
    listApiKeys: (orgId: string, page: PageRequest, filter: { workspaceId: string | null; status: ApiKeyStatus | null; createdByUserId: string | null }): Promise<AdminPage<AdminApiKey>> =>
      read(orgId, 'list API keys', async (o) =>
        fromIdPage(
          ADMIN_LIST_PATHS.apiKeys,
          page,
          await o.apiKeys.list({
            ...idParams(page),
            ...(filter.workspaceId ? { workspace_id: filter.workspaceId } : {}),
            ...(filter.status ? { status: filter.status } : {}),
            ...(filter.createdByUserId ? { created_by_user_id: filter.createdByUserId } : {}),
          }),
          toApiKey,
        ),
      ),
    /** Every org API key, through the bounded walk; used to match local profiles to org keys. */
    listAllApiKeys: (orgId: string): Promise<AdminApiKey[]> =>
      read(orgId, 'list API keys', (o) =>
        collectPages({ endpoint: ADMIN_LIST_PATHS.apiKeys, maxPages: listPageCap(API_MAX_PAGE_SIZE), outcome: ADMIN_WALK_OUTCOME }, async (cursor) => {
          const page = await o.apiKeys.list(idParams({ cursor, limit: API_MAX_PAGE_SIZE }))
          return { items: page.data.map(toApiKey), next: page.has_more && page.last_id ? page.last_id : null }
        }),
      ),
    /** One org API key. */
    getApiKey: (orgId: string, apiKeyId: string) => read(orgId, `read API key ${apiKeyId}`, async (o) => toApiKey(await o.apiKeys.retrieve(apiKeyId))),
    /** Renames an org API key. */
    renameApiKey: (orgId: string, apiKeyId: string, name: string) =>
      write(
        orgId,
        `rename API key ${apiKeyId} to "${name}"`,
        async (o) => toApiKey(await o.apiKeys.update(apiKeyId, { name })),
        (k) => ({ kind: 'apiKey', id: k.id, name: k.name }),
      ),
    /** Activates, deactivates or archives an org API key. */
    setApiKeyStatus: (orgId: string, apiKeyId: string, status: 'active' | 'inactive' | 'archived') =>
      write(
        orgId,
        `set API key ${apiKeyId} ${status}`,
        async (o) => toApiKey(await o.apiKeys.update(apiKeyId, { status })),
        (k) => ({ kind: 'apiKey', id: k.id, name: k.name }),
      ),

    /** Server-side spend limits, one page at a time. */
    listSpendLimits: (orgId: string, page: PageRequest, workspaceId: string | null): Promise<AdminPage<AdminSpendLimit>> =>
      read(orgId, 'list spend limits', async (o) =>
        fromCursorPage(ADMIN_LIST_PATHS.spendLimits, page, await o.spendLimits.list({ ...cursorParams(page), ...(workspaceId ? { workspace_id: workspaceId } : {}) }), toSpendLimit),
      ),
    /** The limits that apply per member, with spend so far. */
    listEffectiveSpendLimits: (orgId: string, page: PageRequest): Promise<AdminPage<AdminSpendSummary>> =>
      read(orgId, 'list effective spend limits', async (o) => fromCursorPage(ADMIN_LIST_PATHS.effectiveSpendLimits, page, await o.spendLimits.effective.list(cursorParams(page)), toSpendSummary)),
    /** Sets (creates or replaces) a spend limit; `amount` is cents as a string, null for "no limit". */
    setSpendLimit: (orgId: string, scope: SpendScopeInput, period: 'daily' | 'weekly' | 'monthly', amount: string | null) => {
      const wire =
        scope.type === 'organization'
          ? { type: 'organization' as const }
          : scope.type === 'workspace'
            ? { type: 'workspace' as const, workspace_id: scope.workspaceId }
            : { type: 'user' as const, user_id: scope.userId }
      const what = scope.type === 'organization' ? 'the organization' : scope.type === 'workspace' ? `workspace ${scope.workspaceId}` : `user ${scope.userId}`
      return write(
        orgId,
        `set the ${period} spend limit of ${what} to ${amount === null ? 'no limit' : formatMoney(parseCents(amount))}`,
        async (o) => toSpendLimit(await o.spendLimits.set({ scope: wire, period, amount })),
        (l) => ({ kind: 'spendLimit', id: l.id }),
      )
    },
    /** Deletes a spend limit. */
    deleteSpendLimit: (orgId: string, spendLimitId: string) =>
      write(orgId, `delete spend limit ${spendLimitId}`, async (o) => ({ id: (await o.spendLimits.delete(spendLimitId)).id }), { kind: 'spendLimit', id: spendLimitId }),

    /** A workspace's rate limits, one page at a time. */
    listRateLimits: (orgId: string, workspaceId: string, page: PageRequest): Promise<AdminPage<AdminRateLimit>> =>
      read(orgId, `list the rate limits of workspace ${workspaceId}`, async (o) =>
        fromCursorPage(ADMIN_LIST_PATHS.rateLimits(workspaceId), page, await o.workspaces.rateLimits.list(workspaceId, cursorParams(page)), toRateLimit),
      ),
  }
}

/** The admin service. */
export type AdminService = ReturnType<typeof createAdminService>
