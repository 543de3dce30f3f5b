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
import { hourOf, HOUR_MS, isoOf } from './time'

const DAY_MS = 24 * HOUR_MS
const NEW_ADMINS: ReadonlyArray<readonly [string, string]> = [
  ['Mary', 'Kenneth'],
  ['Niklaus', 'Wirth'],
  ['Joan', 'Clarke'],
]

/** How many admins and owners the demo org has (the review's default threshold is 3). */
export const DEMO_PRIVILEGED = 4

/** The user id of the demo org's departed person (a user no longer in the org). */
export const departedUserId = (seed: number): string => taggedId('user', createRng(seed ^ 0x5eed_0ff))

/** Mutates a freshly seeded state; `nowMs` is the seed's start-up time. */
export function applyHygieneGaps(state: OrgState, nowMs: number): void {
  const departed = departedUserId(state.seed)
  const active = state.apiKeys.filter((k) => k.wire.status === 'active')
  // Two keys of a person who left: their creator is no user any more.
  for (const key of active.slice(0, 2)) key.wire.created_by = { id: departed, type: 'user' }
  // An idle active key: one whose use stopped over 35 days ago (deactivated then) is active again,
  // unused since. Its usage is left exactly as seeded, so every report stays the same.
  const idle = state.apiKeys.findLast((k) => k.wire.status === 'inactive' && k.usageEndHour !== null && k.usageEndHour <= hourOf(nowMs - 35 * DAY_MS))
  if (idle) idle.wire.status = 'active'
  // Over-provisioned: two recent joiners were made admins, so DEMO_PRIVILEGED people hold admin or owner roles.
  const privileged = (role: string) => role === 'admin' || role === 'owner' || role === 'primary_owner'
  const domain = state.users[0]?.email.split('@')[1] ?? 'demo.example'
  const rng = createRng(state.seed ^ 0xad_3141)
  for (let n = state.users.filter((u) => privileged(u.role)).length, i = 0; n < DEMO_PRIVILEGED; n++, i++) {
    const [first, last] = NEW_ADMINS[i % NEW_ADMINS.length]!
    state.users.push({
      id: taggedId('user', rng),
      email: `${first.toLowerCase()}.${last.toLowerCase()}${i >= NEW_ADMINS.length ? i : ''}@${domain}`,
      name: `${first} ${last}`,
      role: 'admin',
      added_at: isoOf(Math.floor((nowMs - (3 - Math.min(i, 2)) * DAY_MS) / 1000) * 1000),
      type: 'user',
    })
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
