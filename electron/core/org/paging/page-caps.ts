/**
 * How many pages a walk may take, derived from what the list or report can hold. The bounds are
 * generous on purpose (a real org stays far below them, so a real sync is never cut short); what
 * they rule out is a server that never ends its pages.
 */

/** The Admin API's largest page (`limit`), for lists and reports alike. */
export const API_MAX_PAGE_SIZE = 1000

/**
 * A sane largest org: no list Keyward reads (members, API keys, workspaces, a workspace's members,
 * invites, spend limits) is longer. Anthropic's own limits on keys and workspaces per org are far
 * lower; 100,000 also covers an enterprise's whole staff as org users.
 */
export const MAX_LIST_ITEMS = 100_000

/**
 * Pages beyond what the contents need: a last page that comes back empty, and page boundaries that
 * move when a report page is asked again with fewer rows (`report_page_too_large`).
 */
export const PAGE_SLACK = 5

/**
 * Groups one identity can spread over in one report bucket: a key, a person or a workspace's
 * keyless usage, across the models it calls (a dozen in use at most), the products it calls them
 * through (API, Claude Code, a few more) and the actors behind it (one almost always): 64 is
 * several times what a busy key reaches.
 */
export const GROUPS_PER_IDENTITY = 64

/** The org's size as the catalog listed it. */
export interface OrgSize {
  readonly keys: number
  readonly users: number
  readonly workspaces: number
}

/** Groups one report bucket can hold when the org's size is not known: an org of 1,000 identities. */
export const DEFAULT_GROUPS_PER_BUCKET = 1000 * GROUPS_PER_IDENTITY

/**
 * The group cardinality bound of one bucket of the key × workspace × model × actor × product
 * report: every row is one identity's (a key's, a person's, or a workspace's usage without a key,
 * plus the one null actor) usage in one group, so rows ≤ identities × GROUPS_PER_IDENTITY. The
 * catalog it is derived from is itself bounded (MAX_LIST_ITEMS per list), so the bound is too.
 */
export function groupsPerBucket(size: OrgSize | null): number {
  if (size === null) return DEFAULT_GROUPS_PER_BUCKET
  return (size.keys + size.users + size.workspaces + 1) * GROUPS_PER_IDENTITY
}

/**
 * The page limit of one report: its buckets (the range over the bucket width), times the groups a
 * bucket can hold, over the rows a page carries (the `limit` the request asks for), plus slack.
 * Example: a 72-hour window in 1-hour buckets of an org with 60 keys, 15 people and 5 workspaces
 * holds at most 72 × 81 × 64 = 373,248 rows, so 374 + 5 pages at 1,000 rows a page.
 */
export function reportPageCap(rangeHours: number, bucketHours: number, groups: number, pageSize: number): number {
  const buckets = Math.max(1, Math.ceil(rangeHours / bucketHours))
  return Math.ceil((buckets * groups) / pageSize) + PAGE_SLACK
}

/** The page limit of a list walk: the largest org's list at the page size asked for, plus slack (105 at 1,000 a page). */
export function listPageCap(pageSize: number): number {
  return Math.ceil(MAX_LIST_ITEMS / pageSize) + PAGE_SLACK
}
