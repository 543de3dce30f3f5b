import { APIConnectionError, APIConnectionTimeoutError, APIError, AnthropicError } from '@anthropic-ai/sdk'
import { KeywardError, isKeywardError } from '../../../../shared/errors'
import { redactSecrets } from '../../../../shared/redact'
import type { Org } from '../orgs/org-directory'

/** What the error is about: which org, and the action in words ("list workspaces"). */
export interface AdminErrorContext {
  readonly org: Pick<Org, 'name' | 'baseURL' | 'adminProfile' | 'demo'>
  readonly action: string
}

/** The API's own message, short and key-free, for the end of a sentence. */
function apiDetail(error: APIError): string {
  const text = error.apiMessage ?? ''
  return text ? ` (${redactSecrets(text).slice(0, 200)})` : ''
}

/** What to run when the Admin key is refused. */
function replaceKeyHint(org: AdminErrorContext['org']): string {
  if (org.demo) return 'remove the demo org and add it again (keyward demo)'
  if (org.adminProfile) return `store a current Admin key (Claude Console → Settings → Admin keys) under it: keyward remove ${org.adminProfile} --force, then keyward add ${org.adminProfile} --admin`
  return 'add an Admin key profile for it (keyward add NAME --admin) and re-add the org (keyward orgs add NAME)'
}

/** The seconds a 429 told us to wait, from `retry-after` (seconds or an HTTP date); null when absent. */
export function retryAfterSeconds(headers: Headers | undefined, now: number = Date.now()): number | null {
  const raw = headers?.get('retry-after')
  if (!raw) return null
  const seconds = Number(raw)
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds))
  const at = Date.parse(raw)
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000))
}

/**
 * What the Admin API's typed refusals (the SDK's `errorCode`, e.g. `BetaCannotSignOutPrimaryOwnerError`)
 * mean, said as what happened rather than as a missing permission; removing a member signs them out,
 * so a removal is refused with the sign-out codes.
 */
const REFUSALS: Record<string, (org: string) => KeywardError> = {
  cannot_sign_out_primary_owner: (org) =>
    new KeywardError('NOT_ALLOWED', `this person is the primary owner of ${org}, whom no Admin key can remove or sign out; transfer primary ownership in the Claude Console first`),
  cannot_sign_out_owner: (org) => new KeywardError('NOT_ALLOWED', `this person is an owner of ${org}; an Admin key cannot remove owners, do it in the Claude Console`),
  cannot_sign_out_membership_admin: (org) => new KeywardError('NOT_ALLOWED', `this person is a membership admin of ${org}, and the Admin key's owner may not remove membership admins`),
  cannot_sign_out_privileged_member: (org) => new KeywardError('NOT_ALLOWED', `this person holds owner or member-management rights in ${org}, which this key cannot remove`),
  cannot_sign_out_self: () => new KeywardError('NOT_ALLOWED', 'this is the person the Admin key belongs to; a key cannot remove its own owner'),
  cannot_remove_last_member: (org) => new KeywardError('NOT_ALLOWED', `this is the only member of ${org}; add another member before removing this one`),
  concurrent_membership_change: (org) => new KeywardError('API_CONFLICT', `another change to the members of ${org} is in progress; try again in a moment`),
  api_key_requester_unconfirmed: (org) =>
    new KeywardError(
      'API_FORBIDDEN',
      `the Admin API could not confirm that the request came from ${org}, so it refused the change; it is safe to try again, and to contact Anthropic support if it persists`,
    ),
}

/** Maps an HTTP status error from the SDK (after its own retries) to a coded, human error. */
function fromStatus(error: APIError, ctx: AdminErrorContext): KeywardError {
  const { org, action } = ctx
  const detail = apiDetail(error)
  const refusal = error.errorCode ? REFUSALS[error.errorCode] : undefined
  if (refusal) return refusal(org.name)
  if (error.errorCode === 'spend_limits_admin_api_writes_not_enabled') {
    return new KeywardError(
      'API_UNSUPPORTED',
      `${org.name} has not enabled spend-limit changes through the Admin API, so Keyward could not ${action}; change the limit in the Claude Console (Settings → Limits), or ask Anthropic to enable Admin API spend-limit writes.`,
    )
  }
  switch (error.status) {
    case 401:
      return new KeywardError('API_UNAUTHORIZED', `the Admin key for ${org.name} is wrong or revoked; ${replaceKeyHint(org)}.`)
    case 403:
      return new KeywardError('API_FORBIDDEN', `the Admin key for ${org.name} lacks permission to ${action}${detail}; use an Admin key of an org admin.`)
    case 404:
      return new KeywardError('API_NOT_FOUND', `could not ${action} in ${org.name}: it was not found${detail}; refresh the list, it may have been removed.`)
    case 409:
      return new KeywardError('API_CONFLICT', `could not ${action} in ${org.name}: it conflicts with the current state${detail}; refresh and try again.`)
    case 429: {
      const wait = retryAfterSeconds(error.headers as Headers | undefined)
      const when = wait === null ? 'in a minute' : `in ${wait} s`
      return new KeywardError('RATE_LIMITED', `the Admin API for ${org.name} is rate-limiting requests (still after retrying) so Keyward could not ${action}; try again ${when}.`)
    }
    case 400:
    case 413:
    case 422:
      return new KeywardError('INVALID_INPUT', `the Admin API refused to ${action}${detail}.`)
    default:
      if (error.status !== undefined && error.status >= 500) {
        return new KeywardError(
          'UNAVAILABLE',
          `the Admin API for ${org.name} failed (HTTP ${error.status}) while Keyward tried to ${action}, also after retrying; try again later (status.anthropic.com).`,
        )
      }
      return new KeywardError('UNAVAILABLE', `the Admin API for ${org.name} answered HTTP ${error.status ?? '?'} to ${action}${detail}.`)
  }
}

/**
 * Maps anything an SDK call can throw to a KeywardError whose message names the org and the action
 * and says what to do. Never includes the Admin key (the SDK never puts it in messages; we redact anyway).
 */
export function toAdminError(error: unknown, ctx: AdminErrorContext): KeywardError {
  if (isKeywardError(error)) return error
  const { org, action } = ctx
  if (error instanceof APIConnectionTimeoutError) {
    return new KeywardError('TIMEOUT', `the Admin API at ${org.baseURL} did not answer in time while Keyward tried to ${action}, also after retrying; check the connection and try again.`)
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? ` (${redactSecrets(error.cause.message).slice(0, 120)})` : ''
    return new KeywardError('NETWORK', `could not reach the Admin API at ${org.baseURL} to ${action}${cause}; check the network, a proxy, or the org's base URL.`)
  }
  if (error instanceof APIError) return fromStatus(error, ctx)
  // The SDK parses JSON bodies itself; a garbled one surfaces as a SyntaxError (or an AnthropicError wrapping it).
  if (error instanceof SyntaxError || (error instanceof AnthropicError && /JSON/i.test(error.message))) {
    return new KeywardError(
      'UNAVAILABLE',
      `the Admin API for ${org.name} sent a response Keyward could not read (not valid JSON) while it tried to ${action}; try again, and report it if it persists.`,
    )
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return new KeywardError('INTERNAL', `Keyward could not ${action} in ${org.name}: ${redactSecrets(text).slice(0, 200)}`)
}
