import { create } from 'zustand'
import type { OffboardPlan, ReviewReport } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'

interface ReviewState {
  report: ReviewReport | null
  loading: boolean
  error: WireError | null
  load(orgId: string): Promise<void>
  /** Each change resolves to `{ error }` or `{ message }`, and reloads the review after success. */
  fix(orgId: string, findingId: string, amountCents?: string): Promise<{ error: WireError | null; message: string | null }>
  accept(orgId: string, findingId: string, reason: string): Promise<WireError | null>
  setThresholds(orgId: string, change: { unusedDays?: number; maxAdmins?: number; suggestedLimitCents?: string }): Promise<WireError | null>
}

/** The selected org's review. */
export const useReviewStore = create<ReviewState>((set, get) => ({
  report: null,
  loading: false,
  error: null,
  async load(orgId) {
    set({ loading: true })
    const result = await client.call('review.run', { orgId })
    set(result.ok ? { report: result.value, error: null, loading: false } : { error: result.error, loading: false, report: null })
  },
  async fix(orgId, findingId, amountCents) {
    const result = await client.call('review.fix', { orgId, findingId, ...(amountCents !== undefined && { amountCents }) })
    if (!result.ok) return { error: result.error, message: null }
    await get().load(orgId)
    return { error: null, message: result.value.message }
  },
  async accept(orgId, findingId, reason) {
    const result = await client.call('review.accept', { orgId, findingId, reason })
    if (!result.ok) return result.error
    await get().load(orgId)
    return null
  },
  async setThresholds(orgId, change) {
    const result = await client.call('review.setThresholds', change)
    if (!result.ok) return result.error
    await get().load(orgId)
    return null
  },
}))

/** Offboarding calls (the dialog keeps its own state). */
export const offboardCalls = {
  plan: (orgId: string, email: string) => client.call('offboard.plan', { orgId, email }),
  /** `keysOnly`: deactivate their keys and leave them in the org (the only run for someone the API cannot remove). */
  run: (orgId: string, email: string, keysOnly = false) => client.call('offboard.run', { orgId, email, ...(keysOnly && { keysOnly }) }),
}
export type { OffboardPlan }
