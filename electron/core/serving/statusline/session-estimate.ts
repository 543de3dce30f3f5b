import type { EstimatesStore, RecordOutcome } from '../../usage/estimates/estimates'
import { fileEstimatesStore } from '../../usage/estimates/file-estimates-store'
import type { StatuslineInput } from './statusline-input'

/** Today's local date (YYYY-MM-DD) by the OS clock's zone: Date's local fields need no ICU, and TZ sets them as for everything else. */
export function localDay(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
}

/**
 * Records the session's cost so far (Claude Code's estimate, from the line's input) against the
 * profile and project the line is for, in the data directory's month files unless `store` is
 * given. Nothing is recorded without a profile, a session id or a believable figure.
 */
export async function recordSessionEstimate(
  dataDir: string,
  input: StatuslineInput,
  who: { readonly profile: string; readonly project: string | null } | null,
  now: Date,
  store: EstimatesStore = fileEstimatesStore(dataDir),
): Promise<RecordOutcome> {
  if (who === null || input.sessionId === null || input.sessionCost === null) return 'unchanged'
  return store.record({ sessionId: input.sessionId, day: localDay(now), profile: who.profile, project: who.project, micro: input.sessionCost, at: now.getTime() })
}
