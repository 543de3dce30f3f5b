import type Anthropic from '@anthropic-ai/sdk'
import { APIError } from '@anthropic-ai/sdk'
import { daysBetween } from '../../../../shared/calendar'
import { CLAUDE_CODE_MAX_RANGE_DAYS, type ClaudeCodeReport } from '../../../../shared/contract/claude-code.contract'
import { KeywardError } from '../../../../shared/errors'
import type { Org } from '../../org/orgs/org-directory'
import { buildClaudeCodeReport } from './claude-code-report'
import type { ClaudeCodeStore } from './claude-code-store'
import { syncClaudeCode } from './claude-code-sync'

/** Claude Code analytics: the sync step and the report over the cache. */
export interface ClaudeCodeService {
  /**
   * The sync's step after the usage windows: fetches the days the plan names. An org whose Admin API
   * does not offer the report (404, or 403 after the usage itself was readable) has no Claude Code
   * figures and syncs its usage as before; any other failure fails the org's sync, naming the endpoint.
   */
  sync(client: Anthropic, org: Pick<Org, 'id'>, now: () => Date): Promise<number>
  /** Sums the cached UTC days [from, to] per actor; the org defaults to the first one. */
  report(query: { readonly orgId?: string | undefined; readonly from: string; readonly to: string }): Promise<ClaudeCodeReport>
}

/** Builds the service over a store and the org list. */
export function createClaudeCodeService(deps: {
  readonly store: ClaudeCodeStore
  readonly orgs: () => Promise<ReadonlyArray<Pick<Org, 'id' | 'name'>>>
  readonly maxRetries?: number
}): ClaudeCodeService {
  return {
    async sync(client, org, now) {
      try {
        return await syncClaudeCode(client, org.id, now, { store: deps.store, ...(deps.maxRetries !== undefined && { maxRetries: deps.maxRetries }) })
      } catch (error) {
        if (error instanceof APIError && (error.status === 404 || error.status === 403)) return 0
        throw error
      }
    },
    async report({ orgId, from, to }) {
      const span = daysBetween(from, to)
      if (span < 0) throw new KeywardError('INVALID_INPUT', `the range ends (${to}) before it starts (${from}); give --from on or before --to`)
      if (span >= CLAUDE_CODE_MAX_RANGE_DAYS)
        throw new KeywardError('INVALID_INPUT', `the range ${from} to ${to} is longer than ${CLAUDE_CODE_MAX_RANGE_DAYS} days; the cache keeps 90 days, so ask for fewer`)
      const orgs = await deps.orgs()
      const org = orgId === undefined ? (orgs[0] ?? null) : (orgs.find((o) => o.id === orgId) ?? null)
      if (orgId !== undefined && org === null) throw new KeywardError('NOT_FOUND', `there is no org "${orgId.slice(0, 80)}"; run: keyward orgs list`)
      const days = org === null ? [] : await deps.store.days(org.id, from, to)
      return buildClaudeCodeReport(org, from, to, days)
    },
  }
}
