import { localDateOf, monthStart } from '../../../../shared/calendar'
import type { Budget, BudgetScope } from '../../../../shared/contract/budgets.contract'
import { reachedPercent } from '../../../../shared/money'
import type { Attribution } from '../attribution'

/*
 * What a budget covers, its current period and its state: pure and zod-free (the contract is
 * imported for types only), so `keyward statusline` applies the same rules as the budget service.
 */

/** Whether a series counts toward a budget's scope (a project counts only keys bound to it alone). */
export function inScope(scope: BudgetScope, s: { apiKeyId: string; workspaceId: string; actorId?: string; product?: string }, attribution: Attribution): boolean {
  switch (scope.type) {
    case 'org':
      return true
    case 'workspace':
      return s.workspaceId === scope.workspaceId
    case 'profile':
      return attribution.profileOfKey.get(s.apiKeyId) === scope.profile
    case 'project': {
      const dirs = attribution.projectsOfKey.get(s.apiKeyId)
      return dirs !== undefined && dirs.length === 1 && dirs[0] === scope.directory
    }
    case 'user':
      return s.actorId === scope.userId
    case 'product':
      return s.product === scope.product
  }
}

/** The budget's current period key and its first local date. */
export function periodOf(budget: Pick<Budget, 'period'>, now: Date, timeZone: string): { key: string; from: string; to: string } {
  const today = localDateOf(now.getTime(), timeZone)
  return budget.period === 'day' ? { key: today, from: today, to: today } : { key: today.slice(0, 7), from: monthStart(today), to: today }
}

/** A budget's state for `spent` against `limit`: exceeded at 100 %, warning at any lower threshold reached. */
export function budgetState(spent: bigint, limit: bigint, thresholds: readonly number[]): 'ok' | 'warning' | 'exceeded' {
  if (reachedPercent(spent, limit, 100)) return 'exceeded'
  return thresholds.some((t) => t < 100 && reachedPercent(spent, limit, t)) ? 'warning' : 'ok'
}
