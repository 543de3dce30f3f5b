import type { ActorInfo } from './catalog-types'

/*
 * The reports' `actor` (BetaAnalyticsActor) read by hand, like the rest of a report row: it
 * arrives hundreds of thousands of times per sync. The id is what the cache groups by.
 */

/** Prefix of a federated identity's id (federated identities have no tagged id). */
export const FEDERATED_PREFIX = '~federated:'
const MAX_ID = 300
const MAX_TEXT = 200

const text = (v: unknown): string | null => (typeof v === 'string' ? v.slice(0, MAX_TEXT) : null)

/**
 * The actor of a row: null for usage with no attributable identity; a string naming what is wrong
 * when the value is not an actor the SDK describes (the caller turns it into a malformed-report error).
 */
export function readActor(raw: unknown): ActorInfo | null | string {
  if (raw === null || raw === undefined) return null
  if (typeof raw !== 'object') return 'an actor that is not an object'
  const a = raw as Record<string, unknown>
  const id = (field: string): string | null => {
    const v = a[field]
    return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID && !v.startsWith('~') ? v : null
  }
  switch (a.type) {
    case 'user_actor': {
      const userId = id('user_id')
      if (userId === null || typeof a.deleted !== 'boolean') return 'a user actor without user_id and deleted'
      return { id: userId, type: 'user', name: text(a.name), email: text(a.email_address), deleted: a.deleted }
    }
    case 'service_account_actor': {
      const svac = id('service_account_id')
      return svac === null ? 'a service account actor without service_account_id' : { id: svac, type: 'service_account', name: null, email: null, deleted: false }
    }
    case 'api_actor': {
      const key = id('api_key_id')
      return key === null ? 'an API key actor without api_key_id' : { id: key, type: 'api_key', name: null, email: null, deleted: false }
    }
    case 'federated_actor': {
      const provider = a.provider as Record<string, unknown> | null | undefined
      const kind = typeof provider?.type === 'string' ? provider.type.slice(0, 20) : null
      if (kind === null || (a.subject !== null && typeof a.subject !== 'string')) return 'a federated actor without provider and subject'
      const subject = (a.subject as string | null) ?? ''
      return { id: `${FEDERATED_PREFIX}${kind}:${subject}`.slice(0, MAX_ID), type: 'federated', name: subject.slice(0, MAX_TEXT) || null, email: null, deleted: false }
    }
    default:
      return `an actor of unknown type ${JSON.stringify(String(a.type).slice(0, 30))}`
  }
}
