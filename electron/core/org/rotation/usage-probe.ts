import type Anthropic from '@anthropic-ai/sdk'
import { API_MAX_PAGE_SIZE, reportPageCap } from '../paging/page-caps'
import { walkPages } from '../paging/page-walk'

const HOUR_MS = 3_600_000

/** What one key did in a window: requests and tokens, summed from the analytics `usage` report. */
export interface KeyUsage {
  readonly requests: number
  readonly tokens: number
  readonly from: string
  readonly to: string
}

/**
 * Sums one API key's usage over the last `hours` whole hours (plus the current one) through the
 * SDK's `analytics.usage.list`, grouped by `api_key_id`, through the bounded walk: filtered to one
 * key, a bucket holds at most two rows (the key's, and a null-key row the API might add).
 */
export async function keyUsageSince(client: Anthropic, apiKeyId: string, hours: number, now: Date): Promise<KeyUsage> {
  const end = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS
  const start = end - (hours + 1) * HOUR_MS
  const from = new Date(start).toISOString()
  const to = new Date(end).toISOString()
  let requests = 0
  let tokens = 0
  const params = { starting_at: from, ending_at: to, api_key_ids: [apiKeyId], group_by: ['api_key_id' as const], time_bucket_width: '1h' as const, limit: API_MAX_PAGE_SIZE }
  const bounds = {
    endpoint: '/v1/organizations/analytics/usage',
    maxPages: reportPageCap(hours + 1, 1, 2, API_MAX_PAGE_SIZE),
    outcome: 'the old key was left as it was; try again later or report it',
  }
  await walkPages(
    bounds,
    async (cursor) => {
      const page = await client.beta.organization.analytics.usage.list({ ...params, ...(cursor === null ? {} : { page: cursor }) })
      return { items: page.data, next: page.has_more && page.next_page ? page.next_page : null }
    },
    (items) => {
      for (const item of items) {
        if (item.group.api_key_id !== null && item.group.api_key_id !== apiKeyId) continue
        requests += item.usage.requests ?? 0
        tokens += item.usage.total_tokens
      }
    },
  )
  return { requests, tokens, from, to }
}
