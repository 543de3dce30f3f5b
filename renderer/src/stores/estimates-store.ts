import { create } from 'zustand'
import type { EstimatesMonth } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'
import { loadInto } from './load-and-change'

/** Claude Code's estimates of this month's session costs (estimates.month), for profiles the server has no figures for. */
interface EstimatesState {
  month: EstimatesMonth | null
  error: WireError | null
  loading: boolean
  load(): Promise<void>
}

/** The estimates store, shared by the Profiles and Projects screens. */
export const useEstimatesStore = create<EstimatesState>((set) => ({
  month: null,
  error: null,
  loading: false,
  load: () => loadInto(set, 'month', () => client.call('estimates.month', {})),
}))
