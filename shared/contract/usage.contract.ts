import { z } from 'zod'
import { everywhere, procedure } from './procedure'

/** A calendar date in the user's time zone, `YYYY-MM-DD`. */
export const LocalDateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date of the form YYYY-MM-DD')

/** An exact decimal amount in the currency's major unit (dollars), never a float: "12.34567891". */
export const AmountString = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal amount such as 12.50')

/**
 * An inclusive range of local dates and the IANA time zone they are in. "Today" and "this month"
 * are the user's; the core maps them onto the UTC buckets the API reports.
 */
export const UsageRange = z.object({
  from: LocalDateString,
  to: LocalDateString,
  timeZone: z.string().min(1).max(64),
})
export type UsageRange = z.infer<typeof UsageRange>

/** What a group of usage adds up to: tokens by kind, requests, and cost as an exact amount. */
export const UsageTotals = z.object({
  cost: AmountString,
  uncachedInputTokens: z.number().int(),
  cacheWrite5mTokens: z.number().int(),
  cacheWrite1hTokens: z.number().int(),
  cacheReadTokens: z.number().int(),
  outputTokens: z.number().int(),
  totalTokens: z.number().int(),
  requests: z.number().int(),
})
export type UsageTotals = z.infer<typeof UsageTotals>

/**
 * The dimensions usage can be broken out by. `user` is the actor the API attributes usage to (a
 * person, service account, key or federated identity; group ids are tagged ids); `product` the
 * surface (Claude Code, the Messages API, …).
 */
export const UsageGroupBy = z.enum(['key', 'model', 'workspace', 'project', 'profile', 'user', 'product'])
export type UsageGroupBy = z.infer<typeof UsageGroupBy>

/**
 * One row of a breakdown. `kind` says what the row is: a plain group, the keys shared by several
 * projects, org keys no local profile matches, or usage not made with an API key at all.
 */
export const UsageGroup = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['group', 'shared', 'unmatched', 'unattributed']),
  /** A second line: the key's hint and profile, the projects sharing a key, … */
  detail: z.string().nullable(),
  totals: UsageTotals,
})
export type UsageGroup = z.infer<typeof UsageGroup>

/** A breakdown of one org's usage over a range. */
export const UsageSummary = z.object({
  orgId: z.string(),
  orgName: z.string(),
  currency: z.string(),
  range: UsageRange,
  /** The UTC instants the totals really cover (days before the last 48 hours are whole UTC days). */
  coveredFrom: z.string().nullable(),
  coveredTo: z.string().nullable(),
  lastSyncedAt: z.string().nullable(),
  /** The service's watermark (`data_refreshed_at` of the newest report page): buckets after it are incomplete. Not when Keyward synced. */
  dataRefreshedAt: z.string().nullable(),
  total: UsageTotals,
  groups: z.array(UsageGroup),
})
export type UsageSummary = z.infer<typeof UsageSummary>

/** Per-day series for the stacked charts: the top groups and one "Other". */
export const UsageDaily = z.object({
  orgId: z.string(),
  currency: z.string(),
  dates: z.array(LocalDateString),
  series: z.array(z.object({ id: z.string(), label: z.string(), cost: z.array(AmountString), tokens: z.array(z.number().int()) })),
  total: UsageTotals,
})
export type UsageDaily = z.infer<typeof UsageDaily>

/** One org API key's page. */
export const UsageKeyDetail = z.object({
  orgId: z.string(),
  currency: z.string(),
  key: z.object({
    id: z.string(),
    name: z.string(),
    hint: z.string().nullable(),
    status: z.string().nullable(),
    workspace: z.string().nullable(),
    profile: z.string().nullable(),
  }),
  total: UsageTotals,
  byModel: z.array(UsageGroup),
  dates: z.array(LocalDateString),
  cost: z.array(AmountString),
  tokens: z.array(z.number().int()),
})
export type UsageKeyDetail = z.infer<typeof UsageKeyDetail>

/** What kind of identity a person row is: a user, or usage the API attributes to no person. */
export const ActorType = z.enum(['user', 'service_account', 'api_key', 'federated', 'unattributed'])
export type ActorType = z.infer<typeof ActorType>

/** One row of the People screen: a person's (or other identity's) spend, its split and its trend. */
export const UsagePerson = z.object({
  /** The actor's tagged id (`user_…`, `svac_…`, `apikey_…`), `~federated:…`, or `~unattributed`. */
  id: z.string(),
  label: z.string(),
  detail: z.string().nullable(),
  type: ActorType,
  /** The user's account was deleted, or they are no longer in the org. */
  deleted: z.boolean(),
  totals: UsageTotals,
  claudeCodeCost: AmountString,
  apiCost: AmountString,
  /** Cost per local day of the range. */
  trend: z.array(AmountString),
  topKey: z.object({ id: z.string(), label: z.string() }).nullable(),
  topModel: z.string().nullable(),
})
export type UsagePerson = z.infer<typeof UsagePerson>

/** Everyone's usage over a range. */
export const UsagePeople = z.object({
  orgId: z.string(),
  orgName: z.string(),
  currency: z.string(),
  range: UsageRange,
  lastSyncedAt: z.string().nullable(),
  /** The service's watermark (`data_refreshed_at` of the newest report page): buckets after it are incomplete. Not when Keyward synced. */
  dataRefreshedAt: z.string().nullable(),
  dates: z.array(LocalDateString),
  /** Everyone's totals. */
  total: UsageTotals,
  /** How many identities have usage in the range; `people` holds the first `limit` of them, biggest spend first. */
  count: z.number().int().nonnegative(),
  people: z.array(UsagePerson),
})
export type UsagePeople = z.infer<typeof UsagePeople>

/** One person's page: totals, by product, model and key, and per day. */
export const UsagePersonDetail = z.object({
  orgId: z.string(),
  currency: z.string(),
  person: z.object({ id: z.string(), label: z.string(), detail: z.string().nullable(), type: ActorType, deleted: z.boolean() }),
  total: UsageTotals,
  byProduct: z.array(UsageGroup),
  byModel: z.array(UsageGroup),
  byKey: z.array(UsageGroup),
  dates: z.array(LocalDateString),
  cost: z.array(AmountString),
  tokens: z.array(z.number().int()),
})
export type UsagePersonDetail = z.infer<typeof UsagePersonDetail>

/** Where one org's sync stands. */
export const OrgSyncStatus = z.object({
  orgId: z.string(),
  orgName: z.string(),
  state: z.enum(['idle', 'syncing', 'failed']),
  windowsDone: z.number().int(),
  windowsTotal: z.number().int(),
  pages: z.number().int(),
  lastSyncedAt: z.string().nullable(),
  /** The service's watermark (`data_refreshed_at` of the newest report page): buckets after it are incomplete. Not when Keyward synced. */
  dataRefreshedAt: z.string().nullable(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  nextSyncAt: z.string().nullable(),
})
export type OrgSyncStatus = z.infer<typeof OrgSyncStatus>

/** When one API key was last used: the start of its last hour or UTC day bucket with usage. */
export const KeyLastUse = z.object({ at: z.string(), bucket: z.enum(['hour', 'day']) })
export type KeyLastUse = z.infer<typeof KeyLastUse>

/**
 * Last use per API key id from an org's local cache. `lastSyncedAt` null: never synced, nothing
 * is known; synced and a key absent from `keys`: no use since `coveredFrom` (the cache's 90 days).
 */
export const KeysLastUsed = z.object({
  orgId: z.string(),
  lastSyncedAt: z.string().nullable(),
  coveredFrom: z.string().nullable(),
  keys: z.record(z.string(), KeyLastUse),
})
export type KeysLastUsed = z.infer<typeof KeysLastUsed>

/** A month-end projection as a range: exact bounds and the same rounded outward for display (two significant figures). */
export const ProjectedRange = z.object({ low: AmountString, high: AmountString, shownLow: AmountString, shownHigh: AmountString })
export type ProjectedRange = z.infer<typeof ProjectedRange>

/** One group's month to date and month-end projection (null: too early in the month and no trailing data to go on). */
export const GroupProjection = z.object({
  id: z.string(),
  label: z.string(),
  kind: UsageGroup.shape.kind,
  monthToDate: AmountString,
  projection: ProjectedRange.nullable(),
})
export type GroupProjection = z.infer<typeof GroupProjection>

/** The month-end projection of one org, in total and per group of `groupBy`. */
export const UsageProjection = z.object({
  orgId: z.string(),
  orgName: z.string(),
  currency: z.string(),
  /** The user's calendar month (`YYYY-MM`) in `timeZone`. */
  month: z.string(),
  timeZone: z.string(),
  groupBy: UsageGroupBy,
  /** The instant the month-to-date spend really covers up to (the last synced hour). */
  coveredTo: z.string(),
  /** How the range is made, in one sentence (tooltips and --json). */
  method: z.string(),
  total: GroupProjection,
  groups: z.array(GroupProjection),
})
export type UsageProjection = z.infer<typeof UsageProjection>

const OrgChoice = z.object({ orgId: z.string().min(1).max(200).optional() })

/** Procedures about usage and spend. */
export const usageProcedures = {
  'usage.summary': procedure(OrgChoice.extend({ range: UsageRange, groupBy: UsageGroupBy }).strict(), UsageSummary, everywhere),
  'usage.daily': procedure(OrgChoice.extend({ range: UsageRange, by: UsageGroupBy, top: z.number().int().min(1).max(20).default(8) }).strict(), UsageDaily, everywhere),
  'usage.key': procedure(OrgChoice.extend({ range: UsageRange, keyId: z.string().min(1).max(200) }).strict(), UsageKeyDetail, everywhere),
  'usage.projection': procedure(OrgChoice.extend({ timeZone: z.string().min(1).max(64), groupBy: UsageGroupBy.default('key') }).strict(), UsageProjection, everywhere),
  'usage.people': procedure(OrgChoice.extend({ range: UsageRange, limit: z.number().int().min(1).max(100_000).optional() }).strict(), UsagePeople, everywhere),
  'usage.person': procedure(OrgChoice.extend({ range: UsageRange, personId: z.string().min(1).max(300) }).strict(), UsagePersonDetail, everywhere),
  'usage.lastUsed': procedure(z.object({ orgId: z.string().min(1).max(200) }).strict(), KeysLastUsed, everywhere),
  'usage.status': procedure(z.object({}).strict(), z.object({ orgs: z.array(OrgSyncStatus) }), everywhere),
  'usage.sync': procedure(OrgChoice.strict(), z.object({ orgs: z.array(OrgSyncStatus) }), everywhere),
}
