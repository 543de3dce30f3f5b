/** Routes for the organisation itself, its users and its invites. */
import { badRequest, EmulatorError, notFound } from './errors'
import { mintId } from './org-actions'
import { newestFirst } from './org-state'
import { pageById } from './pagination'
import { recordRemovedUser } from './people'
import { arrayParam } from './report-query'
import { bodyObject, enumField, idPageQuery, stringField } from './request-helpers'
import { route, type Route } from './route-table'
import { isoOf } from './time'
import type { BetaOrganizationInvite, BetaOrganizationUser } from './wire-types'

const ASSIGNABLE_ROLES = ['billing', 'claude_code_user', 'developer', 'managed', 'user'] as const
const PROTECTED_ROLES = new Set(['primary_owner', 'owner', 'admin', 'membership_admin'])
const DAY_MS = 86_400_000

const findUser = (users: readonly BetaOrganizationUser[], id: string): BetaOrganizationUser => {
  const user = users.find((u) => u.id === id)
  if (!user) throw notFound('User', id)
  return user
}

const forbidProtected = (user: BetaOrganizationUser, action: string): void => {
  if (PROTECTED_ROLES.has(user.role)) {
    throw new EmulatorError('permission_error', `An Admin API key cannot ${action} a user whose role is ${user.role}; do it in the Console.`)
  }
}

/**
 * Refuses removing a member the API will not let an Admin key remove, with the API's typed answer
 * (the SDK maps `error_code` to `BetaCannotSignOutPrimaryOwnerError` and its family): the primary
 * owner (400), other owners (403), membership admins (403); admins are managed in the Console (403).
 */
const refuseRemoval = (user: BetaOrganizationUser): void => {
  if (user.role === 'primary_owner') {
    throw new EmulatorError('invalid_request_error', "The member is the organization's primary owner, whom no API key or token can sign out.", { error_code: 'cannot_sign_out_primary_owner' })
  }
  if (user.role === 'owner') throw new EmulatorError('permission_error', 'The member is an owner, and this API key cannot sign them out.', { error_code: 'cannot_sign_out_owner' })
  if (user.role === 'membership_admin') {
    throw new EmulatorError('permission_error', 'The member is a membership admin, and this API key cannot sign them out.', { error_code: 'cannot_sign_out_membership_admin' })
  }
  forbidProtected(user, 'remove')
}

const findInvite = (invites: readonly BetaOrganizationInvite[], id: string): BetaOrganizationInvite => {
  const invite = invites.find((i) => i.id === id)
  if (!invite) throw notFound('Invite', id)
  return invite
}

/** `me`, users (list, retrieve, update role, remove) and invites (create, list, retrieve, delete). */
export const orgRoutes: Route[] = [
  route('GET', '/v1/organizations/me', ({ ctx }) => ctx.state.org),

  route('GET', '/v1/organizations/users', ({ ctx, query }) => {
    const email = query.get('email')
    const roles = arrayParam(query, 'roles')
    const users = newestFirst(ctx.state.users).filter((u) => (!email || u.email === email) && (roles.length === 0 || roles.includes(u.role)))
    return pageById(users, (u) => u.id, idPageQuery(query))
  }),
  route('GET', '/v1/organizations/users/:user_id', ({ ctx, params }) => findUser(ctx.state.users, params.user_id ?? '')),
  route('POST', '/v1/organizations/users/:user_id', (req) => {
    const user = findUser(req.ctx.state.users, req.params.user_id ?? '')
    const role = enumField(bodyObject(req), 'role', ASSIGNABLE_ROLES, true)
    forbidProtected(user, 'change the role of')
    if (role) user.role = role
    return user
  }),
  route('DELETE', '/v1/organizations/users/:user_id', ({ ctx, params }) => {
    const user = findUser(ctx.state.users, params.user_id ?? '')
    refuseRemoval(user)
    ctx.state.users.splice(ctx.state.users.indexOf(user), 1)
    recordRemovedUser(ctx.state, user)
    for (const roster of ctx.state.members.values()) roster.delete(user.id)
    return { id: user.id, type: 'user_deleted' }
  }),

  route('POST', '/v1/organizations/invites', (req) => {
    const body = bodyObject(req)
    const email = stringField(body, 'email', { required: true, max: 320 }).trim()
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw badRequest('email: value is not a valid email address')
    const role = enumField(body, 'role', ASSIGNABLE_ROLES, true) ?? 'user'
    const { state } = req.ctx
    if (state.users.some((u) => u.email.toLowerCase() === email.toLowerCase())) {
      throw new EmulatorError('invalid_request_error', 'A user with this email is already a member of the organization.', { error_code: 'already_member' })
    }
    if (state.invites.some((i) => i.status === 'pending' && i.email.toLowerCase() === email.toLowerCase())) {
      throw new EmulatorError('invalid_request_error', 'A pending invite already exists for this email.', { error_code: 'invite_already_exists' })
    }
    const rbac = body.rbac_group_ids
    if (rbac !== undefined && (!Array.isArray(rbac) || rbac.some((g) => typeof g !== 'string'))) throw badRequest('rbac_group_ids: Input should be a valid list of strings')
    const nowMs = req.ctx.now().getTime()
    const invite: BetaOrganizationInvite = {
      id: mintId(state, 'invite'),
      accepted_at: null,
      email,
      expires_at: isoOf(Math.floor(nowMs / 1000) * 1000 + 21 * DAY_MS),
      invited_at: isoOf(Math.floor(nowMs / 1000) * 1000),
      rbac_group_ids: (rbac as string[] | undefined) ?? [],
      role,
      status: 'pending',
      type: 'invite',
    }
    state.invites.push(invite)
    return invite
  }),
  route('GET', '/v1/organizations/invites', ({ ctx, query }) => {
    const email = query.get('email')
    const roles = arrayParam(query, 'roles')
    const statuses = arrayParam(query, 'statuses')
    const invites = newestFirst(ctx.state.invites).filter(
      (i) => (!email || i.email === email) && (roles.length === 0 || roles.includes(i.role)) && (statuses.length === 0 || statuses.includes(i.status)),
    )
    return pageById(invites, (i) => i.id, idPageQuery(query))
  }),
  route('GET', '/v1/organizations/invites/:invite_id', ({ ctx, params }) => findInvite(ctx.state.invites, params.invite_id ?? '')),
  route('DELETE', '/v1/organizations/invites/:invite_id', ({ ctx, params }) => {
    const invite = findInvite(ctx.state.invites, params.invite_id ?? '')
    // "Delete a pending invite" (SDK): an accepted or expired one is history, not withdrawable.
    if (invite.status !== 'pending') throw badRequest(`Only a pending invite can be deleted; this one is ${invite.status}.`)
    ctx.state.invites.splice(ctx.state.invites.indexOf(invite), 1)
    return { id: invite.id, type: 'invite_deleted' }
  }),
]
