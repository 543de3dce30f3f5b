import type { Handlers } from '../../router'
import type { BudgetService } from './budget-service'

/** Handlers for `budgets.*`. */
export function budgetHandlers(budgets: BudgetService, now: () => Date = () => new Date()): Pick<Handlers, 'budgets.list' | 'budgets.set' | 'budgets.delete'> {
  return {
    'budgets.list': () => budgets.list(now()),
    'budgets.set': async (input) => {
      const budget = await budgets.set(input)
      await budgets.evaluate(now())
      return budget
    },
    'budgets.delete': async ({ id }) => ({ deleted: await budgets.remove(id) }),
  }
}
