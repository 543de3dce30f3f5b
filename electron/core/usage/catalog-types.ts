import { z } from 'zod'

/*
 * What the sync learns about an org besides usage, as the usage store keeps it (as JSON in the
 * org's row). Checked with zod when read back, because the store is a file another process writes.
 */

/** An org API key as the cache remembers it (names and hints for display, workspace for grouping). */
export const CatalogKey = z.object({
  id: z.string(),
  name: z.string(),
  hint: z.string().nullable(),
  workspaceId: z.string().nullable(),
  status: z.string(),
  createdAt: z.string(),
})
export type CatalogKey = z.infer<typeof CatalogKey>

/** A server-side spend limit as the cache remembers it; `amountCents` is the API's minor-unit string. */
export const CatalogSpendLimit = z.object({
  id: z.string(),
  scopeType: z.string(),
  workspaceId: z.string().nullable(),
  period: z.string(),
  amountCents: z.string().nullable(),
  currency: z.string(),
  enabled: z.boolean(),
})
export type CatalogSpendLimit = z.infer<typeof CatalogSpendLimit>

/** An org member as the cache remembers them (for person budgets and labels of people without usage). */
export const CatalogUser = z.object({ id: z.string(), name: z.string(), email: z.string() })
export type CatalogUser = z.infer<typeof CatalogUser>

/** What the sync learns about the org besides usage: keys, workspaces, members and spend limits. */
export const Catalog = z.object({
  keys: z.array(CatalogKey),
  workspaces: z.array(z.object({ id: z.string(), name: z.string() })),
  users: z.array(CatalogUser).optional(),
  spendLimits: z.array(CatalogSpendLimit),
})
export type Catalog = z.infer<typeof Catalog>

/**
 * An identity usage is attributed to, as the reports' `actor` last named it. `id` is what the
 * cache groups by: the tagged id (`user_…`, `svac_…`, `apikey_…`) or, for a federated identity
 * (which has none), `~federated:<provider>:<subject>`. `deleted`: the user's account was deleted
 * (e-mail null) or they are no longer in the org (e-mail kept).
 */
export const ActorInfo = z.object({
  id: z.string(),
  type: z.enum(['user', 'service_account', 'api_key', 'federated']),
  name: z.string().nullable(),
  email: z.string().nullable(),
  deleted: z.boolean(),
})
export type ActorInfo = z.infer<typeof ActorInfo>
