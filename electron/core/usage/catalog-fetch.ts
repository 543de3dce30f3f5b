import type Anthropic from '@anthropic-ai/sdk'
import type { Catalog, CatalogSpendLimit } from './catalog-types'
import { maskApiHint } from '../../../shared/key-hints'
import { isKeywardError } from '../../../shared/errors'
import { API_MAX_PAGE_SIZE, listPageCap } from '../org/paging/page-caps'
import { type WalkedPage, collectPages } from '../org/paging/page-walk'
import { SYNC_OUTCOME } from './report-fetch'

/** What Keyward calls the org's Default workspace wherever usage names a workspace. */
export const DEFAULT_WORKSPACE_NAME = 'Default workspace'

/** A page of an id-cursor list (`has_more`, `last_id`) or a token-cursor list (`next_page`). */
interface ListPage<T> {
  readonly data: T[]
  readonly has_more?: boolean
  readonly last_id?: string | null
  readonly next_page?: string | null
}

/** The page's items and the cursor of the next: `last_id` while `has_more` for id lists, `next_page` for the others. */
export function listPageOf<T>(page: ListPage<T>, paging: 'id' | 'token'): WalkedPage<T> {
  if (paging === 'id') return { items: page.data, next: page.has_more === true && page.last_id ? page.last_id : null }
  return { items: page.data, next: page.next_page ? page.next_page : null }
}

/** Page size of the spend-limits list: the dashboard's, which the Admin API accepts for it. */
const SPEND_LIMITS_PAGE_SIZE = 100

/**
 * Fetches what the usage screens need besides usage: key names and hints (for matching local
 * profiles), workspace names, org members (for person budgets), and server-side spend limits. Spend limits are optional: an org
 * that may not read them through the Admin API still syncs usage.
 */
export async function fetchCatalog(client: Anthropic, options: { maxRetries?: number; now?: () => Date } = {}): Promise<Catalog> {
  const req = { maxRetries: options.maxRetries }
  const org = client.beta.organization
  const size = API_MAX_PAGE_SIZE
  // Each list one page at a time through the bounded walk, never the SDK's unbounded auto-paging.
  const bounded = <T>(endpoint: string, pageSize: number, paging: 'id' | 'token', fetch: (cursor: string | null) => Promise<ListPage<T>>): Promise<T[]> =>
    collectPages({ endpoint, maxPages: listPageCap(pageSize), outcome: SYNC_OUTCOME, ...(options.now !== undefined && { now: options.now }) }, async (cursor) =>
      listPageOf(await fetch(cursor), paging),
    )
  const after = (cursor: string | null) => (cursor === null ? {} : { after_id: cursor })
  // The Default workspace is listed only with include_default, and nothing marks it: it is the one
  // that list adds. Its usage and keys carry its real id, so it needs a name of its own.
  const [keys, listed, withDefault, users] = await Promise.all([
    bounded('/v1/organizations/api_keys', size, 'id', (c) => org.apiKeys.list({ limit: size, ...after(c) }, req)),
    bounded('/v1/organizations/workspaces', size, 'id', (c) => org.workspaces.list({ limit: size, include_archived: true, ...after(c) }, req)),
    bounded('/v1/organizations/workspaces', size, 'id', (c) => org.workspaces.list({ limit: size, include_archived: true, include_default: true, ...after(c) }, req)),
    bounded('/v1/organizations/users', size, 'id', (c) => org.users.list({ limit: size, ...after(c) }, req)),
  ])
  const listedIds = new Set(listed.map((w) => w.id))
  const workspaces = withDefault.map((w) => ({ id: w.id, name: listedIds.has(w.id) ? w.name : DEFAULT_WORKSPACE_NAME }))
  let spendLimits: CatalogSpendLimit[] = []
  try {
    const limits = await bounded('/v1/organizations/spend_limits', SPEND_LIMITS_PAGE_SIZE, 'token', (c) =>
      org.spendLimits.list({ limit: SPEND_LIMITS_PAGE_SIZE, ...(c === null ? {} : { page: c }) }, req),
    )
    spendLimits = limits.map((l) => ({
      id: l.id,
      scopeType: l.scope.type,
      workspaceId: l.scope.type === 'workspace' ? l.scope.workspace_id : null,
      period: l.period,
      amountCents: l.amount,
      currency: l.currency,
      enabled: l.is_enabled,
    }))
  } catch (error) {
    // Not every org lets an Admin key read spend limits; usage still syncs without them. A list
    // whose pages never end is another matter: the sync stops and says so.
    if (isKeywardError(error)) throw error
  }
  return {
    keys: keys.map((k) => ({
      id: k.id,
      name: k.name,
      hint: maskApiHint(k.partial_key_hint),
      workspaceId: k.scope.type === 'workspace' ? k.scope.workspace_id : null,
      status: k.status,
      createdAt: k.created_at,
    })),
    workspaces,
    users: users.map((u) => ({ id: u.id, name: u.name, email: u.email })),
    spendLimits,
  }
}
