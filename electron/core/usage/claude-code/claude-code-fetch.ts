import type Anthropic from '@anthropic-ai/sdk'
import { API_MAX_PAGE_SIZE, listPageCap } from '../../org/paging/page-caps'
import { walkPages } from '../../org/paging/page-walk'
import { CLAUDE_CODE_ENDPOINT, malformedReply, parseClaudeCodePage } from './claude-code-page'
import type { ClaudeCodeRecord } from './claude-code-record'

/** How one day is fetched; tests pin the clock and the page size. */
export interface FetchDayOptions {
  readonly maxRetries?: number
  readonly now?: () => Date
  /** Records asked per page (the API's largest, 1,000, by default). */
  readonly pageSize?: number
}

/**
 * Fetches one UTC day of the Claude Code report, every page, through the SDK client's generic
 * request (the SDK has no method for this endpoint). There is one record per actor (and terminal)
 * and day, so a day holds at most as many records as the largest org has members and keys: the
 * walk is bounded like a list (`listPageCap`), and a page with more records than asked is refused.
 * Throws a KeywardError naming the endpoint and field for a reply that is not the documented
 * shape; nothing of the day is returned then.
 */
export async function fetchClaudeCodeDay(client: Anthropic, day: string, options: FetchDayOptions = {}): Promise<ClaudeCodeRecord[]> {
  const limit = Math.min(options.pageSize ?? API_MAX_PAGE_SIZE, API_MAX_PAGE_SIZE)
  const records: ClaudeCodeRecord[] = []
  await walkPages(
    {
      endpoint: CLAUDE_CODE_ENDPOINT,
      maxPages: listPageCap(limit),
      outcome: 'the Claude Code cache is unchanged; run keyward sync again later, or report it if it persists',
      ...(options.now && { now: options.now }),
    },
    async (cursor) => {
      const query: Record<string, string | number> = { starting_at: day, limit }
      if (cursor !== null) query.page = cursor
      const body: unknown = await client.get(CLAUDE_CODE_ENDPOINT, { query, ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }) }).catch((error: unknown) => {
        // The SDK parses the body itself: a body that is not JSON is named here, with the endpoint.
        throw error instanceof SyntaxError ? malformedReply('a page', 'is not valid JSON') : error
      })
      const page = parseClaudeCodePage(body, day)
      if (page.records.length > limit) throw malformedReply('data', `has ${page.records.length} records, more than the ${limit} asked for`)
      return { items: page.records, next: page.next }
    },
    (items) => {
      for (const r of items) records.push(r)
    },
  )
  return records
}
