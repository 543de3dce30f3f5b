import { create } from 'zustand'
import { presetRange } from '../../../shared/calendar'
import type { ClaudeCodeReport } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'
import { useUsageStore } from './usage-store'

interface ClaudeCodeState {
  report: ClaudeCodeReport | null
  loading: boolean
  error: WireError | null
  /**
   * Loads the Claude Code report for the usage screens' range. The report has whole UTC days, so
   * the range's dates are read as the UTC days with the same dates (as `keyward claude report` does).
   */
  load(orgId: string): Promise<void>
}

/** The Claude Code analytics store: the People screens and the dashboard share one report. */
export const useClaudeCodeStore = create<ClaudeCodeState>((set) => ({
  report: null,
  loading: false,
  error: null,
  async load(orgId) {
    const { timeZone, choice, range } = useUsageStore.getState()
    const { from, to } = choice === 'custom' ? range : presetRange(choice, Date.now(), timeZone)
    set({ loading: true })
    const result = await client.call('usage.claudeCode', { orgId, from, to })
    set(result.ok ? { report: result.value, error: null, loading: false } : { report: null, error: result.error, loading: false })
  },
}))
