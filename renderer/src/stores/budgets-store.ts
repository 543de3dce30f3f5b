import { create } from 'zustand'
import type { BudgetScope, BudgetStatus, ServerSpendLimit } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'
import { changeThenReload } from './load-and-change'

interface BudgetsState {
  timeZone: string
  budgets: BudgetStatus[]
  serverLimits: ServerSpendLimit[]
  loading: boolean
  error: WireError | null
  load(): Promise<void>
  /** Adds a budget; returns the error to show beside the form, or null. */
  add(input: { scope: BudgetScope; period: 'day' | 'month'; limit: string; channels?: string[] }): Promise<WireError | null>
  remove(id: string): Promise<void>
}

/** Local budgets with their spend this period, and the org's server-side spend limits beside them. */
export const useBudgetsStore = create<BudgetsState>((set, get) => ({
  timeZone: '',
  budgets: [],
  serverLimits: [],
  loading: false,
  error: null,
  async load() {
    set({ loading: true })
    const result = await client.call('budgets.list', {})
    set(result.ok ? { ...result.value, error: null, loading: false } : { error: result.error, loading: false })
  },
  add: (input) =>
    changeThenReload(
      () => client.call('budgets.set', { ...input, thresholds: [50, 80, 100] }),
      () => get().load(),
    ),
  async remove(id) {
    const result = await client.call('budgets.delete', { id })
    if (!result.ok) set({ error: result.error })
    await get().load()
  },
}))
