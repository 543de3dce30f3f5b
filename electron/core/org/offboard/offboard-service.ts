import type { AdminApiKey, AdminUser, AdminWorkspace } from '../../../../shared/contract/admin.contract'
import type { AuditTarget } from '../../../../shared/contract/audit.contract'
import type { OffboardPlan, OffboardStep } from '../../../../shared/contract/offboard.contract'
import type { KeysLastUsed } from '../../../../shared/contract/usage.contract'
import { KeywardError } from '../../../../shared/errors'
import { ADMIN_LIST_PATHS, type AdminService } from '../admin/admin-service'
import { allPages } from '../admin/all-pages'
import type { AuditLog } from '../../platform/audit/audit-log'
import type { OrgDirectory } from '../orgs/org-directory'
import { removalInConsole } from '../admin/console-only'

/** What offboarding reads and acts through. */
export interface OffboardDeps {
  readonly orgs: Pick<OrgDirectory, 'list'>
  readonly admin: Pick<AdminService, 'listUsers' | 'listApiKeys' | 'listWorkspaces' | 'listMembers' | 'setApiKeyStatus' | 'removeUser'>
  lastUsed(orgId: string): Promise<KeysLastUsed>
  readonly audit: Pick<AuditLog, 'append'>
}

/** The audit target of a key step (`deactivate:<id>`), named as the plan read it. */
function keyTarget(keys: OffboardPlan['keys'], stepId: string): AuditTarget {
  const id = stepId.slice('deactivate:'.length)
  const name = keys.find((k) => k.id === id)?.name
  return { kind: 'apiKey', id, ...(name !== undefined && { name }) }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/**
 * Offboarding a person who leaves: every key they created (with its last use) and every workspace
 * membership, then their active keys deactivated and the person removed from the org, each change
 * audited by the admin service. The plan is always read from the org as it is now, so a run that
 * stopped half-way is resumed by running it again: keys already inactive count as done, and a
 * person no longer in the org as removed. The person is removed only once all their keys are
 * deactivated: afterwards the Admin API no longer finds them by email, so keys left active would
 * be offboarding's loose end (Review lists them as "created by someone no longer in the org").
 *
 * The plan says up front when the Admin API cannot remove the person (their role: admin, owner…)
 * and what to do in the Console instead. Such a run is refused before anything changes, unless
 * "keys only" is asked: then the keys are deactivated and the removal is left, named, to a person.
 */
export function createOffboardService(deps: OffboardDeps) {
  async function plan(orgId: string, email: string): Promise<OffboardPlan & { userId: string | null; activeKeys: AdminApiKey[] }> {
    const org = (await deps.orgs.list()).find((o) => o.id === orgId)
    if (!org) throw new KeywardError('NOT_FOUND', `there is no org ${orgId.slice(0, 80)}; list them with keyward orgs`)
    const users = await allPages(ADMIN_LIST_PATHS.users, (p) => deps.admin.listUsers(orgId, p))
    const user: AdminUser | undefined = users.find((u) => u.email.toLowerCase() === email.toLowerCase())
    const base = { orgId, orgName: org.name, email }
    if (!user) {
      return {
        ...base,
        user: null,
        userId: null,
        keys: [],
        memberships: [],
        activeKeys: [],
        steps: [{ id: 'remove-user', kind: 'remove-user', description: `${email} is not a member of ${org.name} (already removed, or never joined)`, status: 'already-done' }],
        inConsole: null,
        keysOnly: false,
        complete: true,
      }
    }
    const [keys, workspaces, lastUsed] = await Promise.all([
      allPages(ADMIN_LIST_PATHS.apiKeys, (p) => deps.admin.listApiKeys(orgId, p, { workspaceId: null, status: null, createdByUserId: user.id })),
      allPages(ADMIN_LIST_PATHS.workspaces, (p) => deps.admin.listWorkspaces(orgId, p, false, false)),
      deps.lastUsed(orgId),
    ])
    const named = new Map<string, AdminWorkspace>(workspaces.map((w) => [w.id, w]))
    const memberships = (
      await Promise.all(
        workspaces.map(async (w) =>
          (await allPages(ADMIN_LIST_PATHS.members(w.id), (p) => deps.admin.listMembers(orgId, w.id, p)))
            .filter((m) => m.userId === user.id)
            .map((m) => ({ workspaceId: w.id, workspace: w.name, role: m.role })),
        ),
      )
    ).flat()
    const activeKeys = keys.filter((k) => k.status === 'active')
    const inConsole = removalInConsole(user, org.name)
    const steps: OffboardStep[] = [
      ...keys.map((k): OffboardStep => ({
        id: `deactivate:${k.id}`,
        kind: 'deactivate-key',
        description: `Deactivate the key ${k.name}`,
        status: k.status === 'active' ? 'pending' : 'already-done',
      })),
      inConsole
        ? { id: 'remove-user', kind: 'remove-user', description: `Remove ${user.name} <${user.email}> from ${org.name}`, status: 'in-console', error: inConsole.reason, instead: inConsole.instead }
        : { id: 'remove-user', kind: 'remove-user', description: `Remove ${user.name} <${user.email}> from ${org.name}`, status: 'pending' },
    ]
    return {
      ...base,
      user: { id: user.id, name: user.name, role: user.role },
      userId: user.id,
      keys: keys.map((k) => ({
        id: k.id,
        name: k.name,
        status: k.status,
        workspace: k.workspaceId && named.has(k.workspaceId) ? named.get(k.workspaceId)!.name : 'Default',
        lastUsedAt: lastUsed.keys[k.id]?.at ?? null,
        lastUseKnown: lastUsed.lastSyncedAt !== null,
      })),
      memberships,
      activeKeys,
      steps,
      inConsole,
      keysOnly: false,
      complete: false,
    }
  }

  const publicPlan = ({ userId: _u, activeKeys: _k, ...rest }: Awaited<ReturnType<typeof plan>>): OffboardPlan => rest

  return {
    /** What offboarding would do, changing nothing (`--dry-run`). */
    plan: async (orgId: string, email: string): Promise<OffboardPlan> => publicPlan(await plan(orgId, email)),
    /**
     * Deactivates each active key, then removes the person (unless `keysOnly`); each step's outcome
     * is reported, a failed one stops nothing but the removal. A person the API cannot remove is
     * refused before anything changes unless `keysOnly` is asked.
     */
    async run(orgId: string, email: string, options: { keysOnly?: boolean } = {}): Promise<OffboardPlan> {
      const keysOnly = options.keysOnly === true
      const p = await plan(orgId, email)
      if (p.userId === null) return publicPlan(p)
      if (p.inConsole && !keysOnly) {
        throw new KeywardError(
          'NOT_ALLOWED',
          `nothing was changed: ${p.inConsole.reason}, so offboarding would leave ${p.user?.name ?? email} with dead keys but full access to ${p.orgName}. Instead, ${p.inConsole.instead}; or deactivate only their keys now (keys only) and remove them in the Console`,
        )
      }
      const steps: OffboardStep[] = []
      for (const step of p.steps) {
        if (step.status === 'already-done' || step.status === 'in-console') {
          steps.push(step)
          continue
        }
        if (step.kind === 'remove-user' && keysOnly) {
          steps.push({ ...step, status: 'not-run', error: 'left in the org: keys only was asked' })
          continue
        }
        if (step.kind === 'deactivate-key') {
          try {
            await deps.admin.setApiKeyStatus(orgId, step.id.slice('deactivate:'.length), 'inactive')
            steps.push({ ...step, status: 'done' })
          } catch (error) {
            steps.push({ ...step, status: 'failed', error: message(error) })
          }
          continue
        }
        if (steps.some((s) => s.status === 'failed')) {
          steps.push({ ...step, status: 'not-run', error: 'not run while one of their keys is still active; once the failed steps can succeed, offboarding again does only what is left' })
          continue
        }
        try {
          await deps.admin.removeUser(orgId, p.userId, p.user?.name)
          steps.push({ ...step, status: 'done' })
        } catch (error) {
          steps.push({ ...step, status: 'failed', error: message(error) })
        }
      }
      // Done steps are audited by the admin service (admin.action); a failed one gets its own line.
      for (const s of steps.filter((x) => x.status === 'failed')) {
        await deps.audit.append({
          event: 'offboard.stepFailed',
          detail: `${p.orgName}: offboarding ${email}: ${s.description} failed: ${s.error ?? ''}`,
          target: s.kind === 'deactivate-key' ? keyTarget(p.keys, s.id) : { kind: 'user', id: p.userId, name: p.user?.name ?? email },
        })
      }
      const complete = steps.every((s) => s.status === 'done' || s.status === 'already-done')
      const count = (status: OffboardStep['status']) => steps.filter((s) => s.status === status).length
      const leftInOrg = keysOnly ? `, keys only: ${p.user?.name ?? email} stays in the org${p.inConsole ? ` (${p.inConsole.reason})` : ''}` : ''
      await deps.audit.append({
        event: 'offboard.finished',
        detail: `${p.orgName}: offboarding ${email} ${complete ? 'complete' : 'incomplete'}: ${count('done')} done, ${count('already-done')} already done, ${count('failed')} failed, ${count('not-run')} not run${leftInOrg}`,
        target: { kind: 'user', id: p.userId, name: p.user?.name ?? email },
      })
      return { ...publicPlan(p), steps, keysOnly, complete }
    },
  }
}

/** The offboarding service. */
export type OffboardService = ReturnType<typeof createOffboardService>
