import type Anthropic from '@anthropic-ai/sdk'
import { fetchClaudeCodeDay } from './claude-code-fetch'
import { firstKeptDay, planClaudeCodeDays } from './claude-code-plan'
import type { ClaudeCodeStore } from './claude-code-store'

/** What the Claude Code step of a sync needs. */
export interface ClaudeCodeSyncOptions {
  readonly store: ClaudeCodeStore
  readonly maxRetries?: number
  /** Records per page (tests lower it to exercise paging). */
  readonly pageSize?: number
}

/**
 * Brings one org's Claude Code cache up to date: the days `planClaudeCodeDays` names, newest first,
 * each stored whole as soon as it is fetched (a failure part-way keeps the days already done and
 * leaves the failed day as it was), then drops days older than the 90 the cache keeps.
 * Returns how many days were fetched.
 */
export async function syncClaudeCode(client: Anthropic, orgId: string, now: () => Date, options: ClaudeCodeSyncOptions): Promise<number> {
  const nowMs = now().getTime()
  const from = firstKeptDay(nowMs)
  const days = planClaudeCodeDays(await options.store.refreshedAt(orgId, from, '9999-12-31'), nowMs)
  for (const day of days) {
    const fetchedAt = now().toISOString()
    const records = await fetchClaudeCodeDay(client, day, {
      now,
      ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }),
      ...(options.pageSize !== undefined && { pageSize: options.pageSize }),
    })
    await options.store.putDay(orgId, day, records, fetchedAt)
  }
  await options.store.prune(orgId, from)
  return days.length
}
