/**
 * The demo org's hygiene gaps, so every Review finding shows in the demo: keys created by someone
 * who has left (their creator is no longer a user), an idle active key, more admins than the
 * review's default threshold, invites still pending after their expiry, and a workspace with no
 * spend limit. Applied after seeding, without drawing from the seed's random stream (so every
 * other seeded record stays as it was) and without changing any count (keys, users, invites).
 */
import { createRng } from './prng'
import { taggedId } from './ids'
import type { OrgState } from './org-state'
import { hourOf, HOUR_MS } from './time'

const DAY_MS = 24 * HOUR_MS

/** How many admins and owners the demo org has (the review's default threshold is 3). */
export const DEMO_PRIVILEGED = 5

/** The user id of the demo org's departed person (a user no longer in the org). */
export const departedUserId = (seed: number): string => taggedId('user', createRng(seed ^ 0x5eed_0ff))

/** Mutates a freshly seeded state; `nowMs` is the seed's start-up time. */
export function applyHygieneGaps(state: OrgState, nowMs: number): void {
  const departed = departedUserId(state.seed)
  const active = state.apiKeys.filter((k) => k.wire.status === 'active')
  // Two keys of a person who left: their creator is no user any more.
  for (const key of active.slice(0, 2)) key.wire.created_by = { id: departed, type: 'user' }
  // One active key, older than two months, idle for the last 45 days (the cache holds none of its use).
  const idle = active.slice(2).find((k) => Date.parse(k.wire.created_at) < nowMs - 60 * DAY_MS)
  if (idle) idle.usageEndHour = hourOf(nowMs - 45 * DAY_MS)
  // Over-provisioned: promote developers and users until DEMO_PRIVILEGED people are admins or owners.
  const privileged = (role: string) => role === 'admin' || role === 'owner' || role === 'primary_owner'
  let count = state.users.filter((u) => privileged(u.role)).length
  for (const user of state.users) {
    if (count >= DEMO_PRIVILEGED) break
    if (privileged(user.role) || user.role === 'billing') continue
    user.role = 'admin'
    count++
  }
  // Stale invites: past their expiry and still pending (the API lists them so until deleted).
  for (const invite of state.invites) if (invite.status === 'expired') invite.status = 'pending'
  // An unlimited workspace: when every active named workspace has a spend limit, drop the last one's.
  const named = state.workspaces.filter((w) => w.archived_at === null && w.id !== state.defaultWorkspaceId)
  const limited = (id: string) => state.spendLimits.some((l) => l.scope.type === 'workspace' && l.scope.workspace_id === id)
  if (named.length > 0 && named.every((w) => limited(w.id))) {
    const last = named[named.length - 1]!.id
    const index = state.spendLimits.findIndex((l) => l.scope.type === 'workspace' && l.scope.workspace_id === last)
    state.spendLimits.splice(index, 1)
  }
}
