import type Anthropic from '@anthropic-ai/sdk'

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
 * SDK's `analytics.usage.list`, grouped by `api_key_id`; the SDK walks the report's pages.
 */
export async function keyUsageSince(client: Anthropic, apiKeyId: string, hours: number, now: Date): Promise<KeyUsage> {
  const end = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS
  const start = end - (hours + 1) * HOUR_MS
  const from = new Date(start).toISOString()
  const to = new Date(end).toISOString()
  let requests = 0
  let tokens = 0
  const report = client.beta.organization.analytics.usage.list({
    starting_at: from,
    ending_at: to,
    api_key_ids: [apiKeyId],
    group_by: ['api_key_id'],
    time_bucket_width: '1h',
  })
  for await (const item of report) {
    if (item.group.api_key_id !== null && item.group.api_key_id !== apiKeyId) continue
    requests += item.usage.requests ?? 0
    tokens += item.usage.total_tokens
  }
  return { requests, tokens, from, to }
}
