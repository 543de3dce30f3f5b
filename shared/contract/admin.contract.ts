import { z } from 'zod'
import { everywhere, procedure } from './procedure'

const Id = z.string().min(1).max(200)
const OrgId = z.object({ orgId: Id })

/** One page of a list: the items and the cursor for the next page (null at the end). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}

/** The paging part of every list input; the cursor is whatever the previous page returned. */
const PageInput = { cursor: z.string().max(500).nullable().default(null), limit: z.number().int().min(1).max(100).default(50) }

/** Roles an org user can be given through the Admin API (owners and admins are set in the Console). */
export const AssignableOrgRole = z.enum(['user', 'developer', 'billing', 'claude_code_user', 'managed'])
export type AssignableOrgRole = z.infer<typeof AssignableOrgRole>

/** Roles a workspace member can be added with (billing is inherited, not assigned). */
export const AddableWorkspaceRole = z.enum(['workspace_user', 'workspace_developer', 'workspace_restricted_developer', 'workspace_admin'])
/** Every workspace role. */
export const WorkspaceRole = z.enum(['workspace_user', 'workspace_developer', 'workspace_restricted_developer', 'workspace_admin', 'workspace_billing'])
export type WorkspaceRole = z.infer<typeof WorkspaceRole>

/** The organization behind an Admin key. */
export const AdminOrganization = z.object({ id: z.string(), name: z.string() })

/** An org user. */
export const AdminUser = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string(), addedAt: z.string() })
export type AdminUser = z.infer<typeof AdminUser>

/** An invite to join the org. */
export const AdminInvite = z.object({
  id: z.string(),
  email: z.string(),
  role: z.string(),
  status: z.string(),
  invitedAt: z.string(),
  expiresAt: z.string(),
})
export type AdminInvite = z.infer<typeof AdminInvite>

/** A workspace; `archivedAt` is null while it is active. */
export const AdminWorkspace = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  archivedAt: z.string().nullable(),
  displayColor: z.string(),
})
export type AdminWorkspace = z.infer<typeof AdminWorkspace>

/** A user's membership in a workspace. */
export const AdminMember = z.object({ userId: z.string(), workspaceId: z.string(), role: z.string() })
export type AdminMember = z.infer<typeof AdminMember>

/** An API key's lifecycle states as the Admin API reports them. */
export const ApiKeyStatus = z.enum(['active', 'inactive', 'archived', 'expired'])
export type ApiKeyStatus = z.infer<typeof ApiKeyStatus>

/** An org API key: metadata and the API's own partial hint, never the key. */
export const AdminApiKey = z.object({
  id: z.string(),
  name: z.string(),
  status: ApiKeyStatus,
  partialKeyHint: z.string().nullable(),
  workspaceId: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), type: z.string() }).nullable(),
  expiresAt: z.string().nullable(),
})
export type AdminApiKey = z.infer<typeof AdminApiKey>

/** Where a spend limit applies. */
export const SpendScope = z.object({ type: z.string(), workspaceId: z.string().optional(), userId: z.string().optional(), label: z.string() })
export type SpendScope = z.infer<typeof SpendScope>

/** A server-side spend limit; `amount` is minor units (cents) as a decimal string, null for an explicit "no limit". */
export const AdminSpendLimit = z.object({
  id: z.string(),
  amount: z.string().nullable(),
  currency: z.string(),
  period: z.string(),
  enabled: z.boolean(),
  scope: SpendScope,
  updatedAt: z.string(),
})
export type AdminSpendLimit = z.infer<typeof AdminSpendLimit>

/** The limit that actually applies to one member and period, with spend so far. */
export const AdminSpendSummary = z.object({
  spendLimitId: z.string(),
  actor: z.string(),
  amount: z.string().nullable(),
  currency: z.string(),
  period: z.string(),
  periodToDateSpend: z.string(),
  scope: SpendScope,
})
export type AdminSpendSummary = z.infer<typeof AdminSpendSummary>

/** A workspace's rate limits for one group of models or features. */
export const AdminRateLimit = z.object({
  id: z.string(),
  group: z.string(),
  models: z.array(z.string()).nullable(),
  limits: z.array(z.object({ type: z.string(), value: z.number(), orgLimit: z.number().nullable(), source: z.string() })),
})
export type AdminRateLimit = z.infer<typeof AdminRateLimit>

/** A spend-limit target the Admin API can write. */
export const SpendScopeInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('organization') }),
  z.object({ type: z.literal('workspace'), workspaceId: Id }),
  z.object({ type: z.literal('user'), userId: Id }),
])
export type SpendScopeInput = z.infer<typeof SpendScopeInput>

/** Minor units as a non-negative integer string ("50000" is $500.00), or null for "no limit". */
const MinorUnits = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,14})$/, 'the amount is a whole number of cents, e.g. 50000 for $500.00')
  .nullable()

const Name = z.string().trim().min(1).max(40)
const Deleted = z.object({ id: z.string() })

/** Procedures for administering an organization through the Admin API. Every one names its org. */
export const adminProcedures = {
  'admin.getOrganization': procedure(OrgId.strict(), AdminOrganization, everywhere),
  'admin.listUsers': procedure(OrgId.extend(PageInput).strict(), pageOf(AdminUser), everywhere),
  'admin.updateUserRole': procedure(OrgId.extend({ userId: Id, role: AssignableOrgRole }).strict(), AdminUser, everywhere),
  'admin.removeUser': procedure(OrgId.extend({ userId: Id }).strict(), Deleted, everywhere),
  'admin.listInvites': procedure(OrgId.extend(PageInput).strict(), pageOf(AdminInvite), everywhere),
  'admin.createInvite': procedure(OrgId.extend({ email: z.string().trim().email(), role: AssignableOrgRole }).strict(), AdminInvite, everywhere),
  'admin.deleteInvite': procedure(OrgId.extend({ inviteId: Id }).strict(), Deleted, everywhere),
  'admin.listWorkspaces': procedure(
    // includeDefault: the org's Default workspace, which the Admin API leaves out unless asked (its keys still name it).
    OrgId.extend({ ...PageInput, includeArchived: z.boolean().default(false), includeDefault: z.boolean().default(false) }).strict(),
    pageOf(AdminWorkspace),
    everywhere,
  ),
  'admin.getWorkspace': procedure(OrgId.extend({ workspaceId: Id }).strict(), AdminWorkspace, everywhere),
  'admin.createWorkspace': procedure(OrgId.extend({ name: Name }).strict(), AdminWorkspace, everywhere),
  'admin.renameWorkspace': procedure(OrgId.extend({ workspaceId: Id, name: Name }).strict(), AdminWorkspace, everywhere),
  'admin.archiveWorkspace': procedure(OrgId.extend({ workspaceId: Id }).strict(), AdminWorkspace, everywhere),
  'admin.listMembers': procedure(OrgId.extend({ ...PageInput, workspaceId: Id }).strict(), pageOf(AdminMember), everywhere),
  'admin.addMember': procedure(OrgId.extend({ workspaceId: Id, userId: Id, role: AddableWorkspaceRole }).strict(), AdminMember, everywhere),
  'admin.updateMemberRole': procedure(OrgId.extend({ workspaceId: Id, userId: Id, role: WorkspaceRole }).strict(), AdminMember, everywhere),
  'admin.removeMember': procedure(OrgId.extend({ workspaceId: Id, userId: Id }).strict(), z.object({ userId: z.string(), workspaceId: z.string() }), everywhere),
  'admin.listApiKeys': procedure(
    OrgId.extend({ ...PageInput, workspaceId: Id.nullable().default(null), status: ApiKeyStatus.nullable().default(null), createdByUserId: Id.nullable().default(null) }).strict(),
    pageOf(AdminApiKey),
    everywhere,
  ),
  'admin.getApiKey': procedure(OrgId.extend({ apiKeyId: Id }).strict(), AdminApiKey, everywhere),
  'admin.renameApiKey': procedure(OrgId.extend({ apiKeyId: Id, name: z.string().trim().min(1).max(500) }).strict(), AdminApiKey, everywhere),
  'admin.setApiKeyStatus': procedure(OrgId.extend({ apiKeyId: Id, status: z.enum(['active', 'inactive', 'archived']) }).strict(), AdminApiKey, everywhere),
  'admin.listSpendLimits': procedure(OrgId.extend({ ...PageInput, workspaceId: Id.nullable().default(null) }).strict(), pageOf(AdminSpendLimit), everywhere),
  'admin.listEffectiveSpendLimits': procedure(OrgId.extend(PageInput).strict(), pageOf(AdminSpendSummary), everywhere),
  'admin.setSpendLimit': procedure(
    OrgId.extend({ scope: SpendScopeInput, period: z.enum(['daily', 'weekly', 'monthly']).default('monthly'), amount: MinorUnits }).strict(),
    AdminSpendLimit,
    everywhere,
  ),
  'admin.deleteSpendLimit': procedure(OrgId.extend({ spendLimitId: Id }).strict(), Deleted, everywhere),
  'admin.listRateLimits': procedure(OrgId.extend({ ...PageInput, workspaceId: Id }).strict(), pageOf(AdminRateLimit), everywhere),
}
