import type Anthropic from '@anthropic-ai/sdk'
import type { Catalog, CatalogSpendLimit } from './usage-manifest'
import { maskApiHint } from '../../../shared/key-hints'

/** What Keyward calls the org's Default workspace wherever usage names a workspace. */
export const DEFAULT_WORKSPACE_NAME = 'Default workspace'

/** Collects every item of a paginated SDK list (the SDK's async iterator follows the cursors). */
async function all<T>(list: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of list) out.push(item)
  return out
}

/**
 * Fetches what the usage screens need besides usage: key names and hints (for matching local
 * profiles), workspace names, org members (for person budgets), and server-side spend limits. Spend limits are optional: an org
 * that may not read them through the Admin API still syncs usage.
 */
export async function fetchCatalog(client: Anthropic, options: { maxRetries?: number; onPage?: () => void } = {}): Promise<Catalog> {
  const req = { maxRetries: options.maxRetries }
  const org = client.beta.organization
  // The Default workspace is listed only with include_default, and nothing marks it: it is the one
  // that list adds. Its usage and keys carry its real id, so it needs a name of its own.
  const [keys, listed, withDefault, users] = await Promise.all([
    all(org.apiKeys.list({ limit: 1000 }, req)),
    all(org.workspaces.list({ limit: 1000, include_archived: true }, req)),
    all(org.workspaces.list({ limit: 1000, include_archived: true, include_default: true }, req)),
    all(org.users.list({ limit: 1000 }, req)),
  ])
  const listedIds = new Set(listed.map((w) => w.id))
  const workspaces = withDefault.map((w) => ({ id: w.id, name: listedIds.has(w.id) ? w.name : DEFAULT_WORKSPACE_NAME }))
  let spendLimits: CatalogSpendLimit[] = []
  try {
    spendLimits = (await all(org.spendLimits.list({}, req))).map((l) => ({
      id: l.id,
      scopeType: l.scope.type,
      workspaceId: l.scope.type === 'workspace' ? l.scope.workspace_id : null,
      period: l.period,
      amountCents: l.amount,
      currency: l.currency,
      enabled: l.is_enabled,
    }))
  } catch {
    // Not every org lets an Admin key read spend limits; usage still syncs without them.
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
