import { create } from 'zustand'
import type { FixResult, OffboardPlan, ReviewReport } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'

/** What happened to a finding since the review was last read: fixed, refused (with why), or accepted. */
export interface FindingOutcome {
  outcome: FixResult['outcome'] | 'accepted'
  message: string
}

interface ReviewState {
  report: ReviewReport | null
  loading: boolean
  error: WireError | null
  /**
   * Per finding id, what a fix or an acceptance did. The finding keeps its place in the list,
   * showing this, until the review is read again, so the list never jumps under the pointer.
   */
  outcomes: Record<string, FindingOutcome>
  /** Reads the review afresh (and forgets the outcomes). */
  load(orgId: string): Promise<void>
  /** Runs a fix; its outcome (or a transport error) is recorded for the finding. */
  fix(orgId: string, findingId: string, amountCents?: string): Promise<void>
  /** Records a refusal decided before calling (e.g. an amount that is not one). */
  refuse(findingId: string, message: string): void
  accept(orgId: string, findingId: string, reason: string): Promise<WireError | null>
  setThresholds(orgId: string, change: { unusedDays?: number; maxAdmins?: number; suggestedLimitCents?: string }): Promise<WireError | null>
}

/** The selected org's review. */
export const useReviewStore = create<ReviewState>((set, get) => ({
  report: null,
  loading: false,
  error: null,
  outcomes: {},
  async load(orgId) {
    set({ loading: true })
    const result = await client.call('review.run', { orgId })
    set(result.ok ? { report: result.value, error: null, loading: false, outcomes: {} } : { error: result.error, loading: false, report: null, outcomes: {} })
  },
  async fix(orgId, findingId, amountCents) {
    const result = await client.call('review.fix', { orgId, findingId, ...(amountCents !== undefined && { amountCents }) })
    const outcome: FindingOutcome = result.ok ? { outcome: result.value.outcome, message: result.value.message } : { outcome: 'refused', message: `Not fixed: ${result.error.message}` }
    set({ outcomes: { ...get().outcomes, [findingId]: outcome } })
  },
  refuse(findingId, message) {
    set({ outcomes: { ...get().outcomes, [findingId]: { outcome: 'refused', message } } })
  },
  async accept(orgId, findingId, reason) {
    const result = await client.call('review.accept', { orgId, findingId, reason })
    if (!result.ok) return result.error
    const { report, outcomes } = get()
    set({
      report: report && { ...report, findings: report.findings.map((f) => (f.id === findingId ? result.value : f)) },
      outcomes: { ...outcomes, [findingId]: { outcome: 'accepted', message: `Accepted: ${result.value.accepted?.reason ?? reason}` } },
    })
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
