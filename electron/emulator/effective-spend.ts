/**
 * The effective spend-limit report (`GET /spend_limits/effective`): who the organization's monthly
 * limit applies to and what each has spent this month. One row per org member, then one per API
 * key whose usage is its own (the cost report's actor is the key: `api_actor`), reported as a
 * scoped key acting for the organization. Every `period_to_date_spend` is read from the cost
 * report's rows for the month so far (`period-spend.ts`), so the Limits and the usage views of
 * the same person or key always show the same money.
 */
import { badRequest } from './errors'
import { keyAttributionOf } from './people'
import { formatPeriodToDateSpend, monthToDateSpendBySpender } from './period-spend'
import type { EmulatorContext } from './route-table'
import type { BetaSpendLimit, BetaSpendLimitPeriod, BetaSpendSummary } from './wire-types'

const PERIODS: readonly BetaSpendLimitPeriod[] = ['daily', 'monthly', 'weekly']
/** Most members one request may name (`user_ids[]`), as the SDK documents. */
export const MAX_EFFECTIVE_USER_IDS = 100

/** The report's filters, validated as the API documents them. */
export interface EffectiveFilter {
  /** Limit periods to report; empty: every period. */
  readonly periods: readonly BetaSpendLimitPeriod[]
  /** Members (`user_…`) to report; empty: every member, and the scoped keys. */
  readonly userIds: readonly string[]
}

/** Validates `period[]` and `user_ids[]`; each problem is a 400 that names the parameter. */
export function parseEffectiveFilter(periods: readonly string[], userIds: readonly string[]): EffectiveFilter {
  for (const p of periods) {
    if (!PERIODS.includes(p as BetaSpendLimitPeriod)) throw badRequest(`period[]: ${JSON.stringify(p.slice(0, 40))} is not a period; use daily, monthly or weekly.`)
  }
  if (userIds.length > MAX_EFFECTIVE_USER_IDS) throw badRequest(`user_ids[]: at most ${MAX_EFFECTIVE_USER_IDS} members per request; page through the rest.`)
  for (const id of userIds) {
    if (!/^user_[A-Za-z0-9]+$/.test(id)) throw badRequest(`user_ids[]: ${JSON.stringify(id.slice(0, 40))} is not a tagged user ID (user_…).`)
  }
  return { periods: periods as BetaSpendLimitPeriod[], userIds }
}

/** The report's rows, members first (in the order they joined), then scoped keys (in creation order). */
export function effectiveSpendRows(ctx: EmulatorContext, filter: EffectiveFilter): BetaSpendSummary[] {
  const { state } = ctx
  // A Claude Console organization's limits are monthly; the organization's limit is what applies to everyone.
  const orgLimit = state.spendLimits.find((l) => l.scope.type === 'organization' && l.period === 'monthly')
  if (!orgLimit || (filter.periods.length > 0 && !filter.periods.includes(orgLimit.period))) return []
  const spend = monthToDateSpendBySpender(ctx)
  const row = (id: string, actor: BetaSpendSummary['actor']): BetaSpendSummary => summaryRow(orgLimit, actor, spend.get(id) ?? 0)
  const rows: BetaSpendSummary[] = []
  for (const user of state.users) {
    if (filter.userIds.length > 0 && !filter.userIds.includes(user.id)) continue
    rows.push(row(user.id, { type: 'user_actor', user_id: user.id, name: user.name, email_address: user.email, deleted: false }))
  }
  if (filter.userIds.length > 0) return rows
  for (const key of state.apiKeys) {
    const id = key.wire.id
    if (keyAttributionOf(state, key).actor?.type !== 'api_actor') continue
    // A key that no longer serves requests is listed only while it has spend in the period.
    if (key.wire.status !== 'active' && !spend.has(id)) continue
    rows.push(row(id, { type: 'scoped_api_key_actor', scoped_api_key_id: id }))
  }
  return rows
}

function summaryRow(limit: BetaSpendLimit, actor: BetaSpendSummary['actor'], spentMicroCents: number): BetaSpendSummary {
  return {
    actor,
    amount: limit.amount,
    currency: limit.currency,
    period: limit.period,
    period_to_date_spend: formatPeriodToDateSpend(spentMicroCents),
    scope: { type: 'organization' },
    source: { type: 'organization' },
    spend_limit_id: limit.id,
  }
}
