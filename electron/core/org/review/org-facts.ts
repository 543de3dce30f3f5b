import type { AdminApiKey, AdminInvite, AdminSpendLimit, AdminUser, AdminWorkspace } from '../../../../shared/contract/admin.contract'
import type { BudgetScope } from '../../../../shared/contract/budgets.contract'
import type { KeysLastUsed } from '../../../../shared/contract/usage.contract'

/**
 * Everything the rules look at for one org, read once per review: from the Admin API (users,
 * invites, workspaces, keys, spend limits), the local usage cache (last use per key), local
 * budgets and local profiles. Rules are pure functions of these facts.
 */
export interface OrgFacts {
  readonly orgId: string
  readonly orgName: string
  readonly users: readonly AdminUser[]
  readonly invites: readonly AdminInvite[]
  /** Active workspaces, the Default one included. */
  readonly workspaces: readonly AdminWorkspace[]
  /** The Default workspace's id (keys with no workspace are in it too); null when the API did not show it. */
  readonly defaultWorkspaceId: string | null
  readonly apiKeys: readonly AdminApiKey[]
  readonly lastUsed: KeysLastUsed
  /** Null when the org's spend limits could not be read (the workspace rule then says so instead). */
  readonly spendLimits: readonly AdminSpendLimit[] | null
  readonly budgetScopes: readonly BudgetScope[]
  /** Org key id → the local profile that holds it (matched by hint), for "rotate". */
  readonly profileOfKey: ReadonlyMap<string, string>
}

/** A workspace's name for evidence; the Default workspace and unknown ids read as words, not raw ids. */
export function workspaceLabel(facts: Pick<OrgFacts, 'workspaces' | 'defaultWorkspaceId'>, id: string | null): string {
  if (id === null || id === facts.defaultWorkspaceId) return 'Default workspace'
  const ws = facts.workspaces.find((w) => w.id === id)
  return ws ? `workspace ${ws.name}` : 'an archived workspace'
}

/** True when the key lives in the Default workspace. */
export const inDefaultWorkspace = (facts: Pick<OrgFacts, 'defaultWorkspaceId'>, key: AdminApiKey): boolean => key.workspaceId === null || key.workspaceId === facts.defaultWorkspaceId

/** A user's name and email for evidence. */
export const personLabel = (u: AdminUser): string => `${u.name} <${u.email}>`
