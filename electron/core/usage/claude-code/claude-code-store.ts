import type { ClaudeCodeRecord } from './claude-code-record'

/** One UTC day of an org's Claude Code report as the cache holds it. */
export interface ClaudeCodeDay {
  /** YYYY-MM-DD (UTC). */
  readonly day: string
  /** When Keyward fetched the day (ISO 8601): the sync refetches an open day once this is stale. */
  readonly refreshedAt: string
  readonly records: readonly ClaudeCodeRecord[]
}

/**
 * Where the Claude Code report is cached, per org and UTC day. A day is replaced whole (a refetch
 * says everything about that day), so a day is either as one fetch left it or absent. The usage
 * database implements it (claude-code-sqlite-store.ts) as:
 * - `claude_code_day(org_id, day, refreshed_at, PRIMARY KEY (org_id, day))`: a fetched day, even
 *   one without records;
 * - `claude_code_record(org_id, day, seq, actor_type, actor_name, customer_type, terminal_type,
 *   sessions, lines_added, lines_removed, commits, pull_requests, and accepted/rejected for each of
 *   the four tools, PRIMARY KEY (org_id, day, seq))`: one row per record (an actor may have several
 *   a day, one per terminal);
 * - `claude_code_model(org_id, day, seq, position, model, input_tokens, output_tokens,
 *   cache_read_tokens, cache_creation_tokens, estimated_cost_micro INTEGER)`: cost in micro-cents
 *   as an INTEGER (bigint in and out, never REAL), so it stays exact;
 * `putDay` deletes the day's rows and inserts the new ones in one transaction; `prune` deletes
 * days before the bound; `days` reads records in `seq` order. The in-memory twin below stands in
 * for it in tests and for hosts without a data directory.
 */
export interface ClaudeCodeStore {
  /** Replaces the org's day with these records (possibly none: a day fetched with no Claude Code use). */
  putDay(orgId: string, day: string, records: readonly ClaudeCodeRecord[], refreshedAt: string): Promise<void>
  /** The fetched days in [fromDay, toDay] (inclusive, YYYY-MM-DD), oldest first, with their records. */
  days(orgId: string, fromDay: string, toDay: string): Promise<ClaudeCodeDay[]>
  /** When each fetched day in [fromDay, toDay] was fetched, without the records: what the sync plans from. */
  refreshedAt(orgId: string, fromDay: string, toDay: string): Promise<Map<string, string>>
  /** Drops the org's days before `beforeDay` (the sync keeps 90 days, as the usage cache does). */
  prune(orgId: string, beforeDay: string): Promise<void>
}

/** The in-memory twin of the store, for tests and for hosts without a data directory. */
export function createMemoryClaudeCodeStore(): ClaudeCodeStore {
  const orgs = new Map<string, Map<string, ClaudeCodeDay>>()
  const daysOf = (orgId: string): Map<string, ClaudeCodeDay> => {
    let days = orgs.get(orgId)
    if (!days) orgs.set(orgId, (days = new Map()))
    return days
  }
  const inRange = (orgId: string, fromDay: string, toDay: string): ClaudeCodeDay[] =>
    [...daysOf(orgId).values()].filter((d) => d.day >= fromDay && d.day <= toDay).sort((a, b) => (a.day < b.day ? -1 : 1))
  return {
    async putDay(orgId, day, records, refreshedAt) {
      daysOf(orgId).set(day, { day, refreshedAt, records: [...records] })
    },
    async days(orgId, fromDay, toDay) {
      return inRange(orgId, fromDay, toDay)
    },
    async refreshedAt(orgId, fromDay, toDay) {
      return new Map(inRange(orgId, fromDay, toDay).map((d) => [d.day, d.refreshedAt]))
    },
    async prune(orgId, beforeDay) {
      for (const day of daysOf(orgId).keys()) if (day < beforeDay) daysOf(orgId).delete(day)
    },
  }
}
