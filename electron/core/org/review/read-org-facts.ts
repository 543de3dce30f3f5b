import type { BudgetScope } from '../../../../shared/contract/budgets.contract'
import type { KeysLastUsed } from '../../../../shared/contract/usage.contract'
import { hintsMatch } from '../../../../shared/key-hints'
import { ADMIN_LIST_PATHS, type AdminService } from '../admin/admin-service'
import { allPages } from '../admin/all-pages'
import type { OrgFacts } from './org-facts'

/** What reading an org's facts needs besides the admin service. */
export interface FactSources {
  readonly admin: Pick<AdminService, 'getOrganization' | 'listUsers' | 'listInvites' | 'listWorkspaces' | 'listAllApiKeys' | 'listSpendLimits'>
  lastUsed(orgId: string): Promise<KeysLastUsed>
  budgetScopes(): Promise<readonly BudgetScope[]>
  /** Local API-key profiles: name and masked hint. */
  profiles(): Promise<ReadonlyArray<{ name: string; hint: string }>>
}

/** Reads what the rules look at; an Admin API failure fails the review (its error names the org and action), except spend limits (a note). */
export async function readOrgFacts(orgId: string, orgName: string, src: FactSources): Promise<{ facts: OrgFacts; notes: string[] }> {
  const { admin } = src
  const notes: string[] = []
  const [users, invites, withDefault, named, apiKeys, lastUsed, budgetScopes, profiles, spendLimits] = await Promise.all([
    allPages(ADMIN_LIST_PATHS.users, (p) => admin.listUsers(orgId, p)),
    allPages(ADMIN_LIST_PATHS.invites, (p) => admin.listInvites(orgId, p)),
    allPages(ADMIN_LIST_PATHS.workspaces, (p) => admin.listWorkspaces(orgId, p, false, true)),
    allPages(ADMIN_LIST_PATHS.workspaces, (p) => admin.listWorkspaces(orgId, p, false, false)),
    admin.listAllApiKeys(orgId),
    src.lastUsed(orgId),
    src.budgetScopes(),
    src.profiles(),
    allPages(ADMIN_LIST_PATHS.spendLimits, (p) => admin.listSpendLimits(orgId, p, null)).catch((error: unknown) => {
      notes.push(`Spend limits could not be read, so workspaces without one were not checked: ${error instanceof Error ? error.message : String(error)}`)
      return null
    }),
  ])
  const namedIds = new Set(named.map((w) => w.id))
  const defaultWorkspaceId = withDefault.find((w) => !namedIds.has(w.id))?.id ?? null
  if (lastUsed.lastSyncedAt === null) notes.push('Usage was never synced for this org, so unused keys were not checked; sync usage, then review again.')
  const profileOfKey = new Map<string, string>()
  for (const key of apiKeys) {
    const profile = profiles.find((p) => hintsMatch(key.partialKeyHint, p.hint))
    if (profile) profileOfKey.set(key.id, profile.name)
  }
  return {
    facts: { orgId, orgName, users, invites, workspaces: withDefault, defaultWorkspaceId, apiKeys, lastUsed, spendLimits, budgetScopes, profileOfKey },
    notes,
  }
}
