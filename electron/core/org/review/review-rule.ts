import type { Finding, FindingSeverity } from '../../../../shared/contract/review.contract'
import type { OrgFacts } from './org-facts'
import type { ReviewSettings } from './review-settings'

/** A finding as a rule reports it; the review service adds whether a person accepted it. */
export type RuleFinding = Omit<Finding, 'accepted' | 'rule' | 'severity'>

/**
 * One review rule: an id (the prefix of its findings' ids), a severity, and a pure check over an
 * org's facts that returns a finding (evidence, advice, fix) per thing it objects to. A new rule is
 * a file in `rules/` with its own test, listed in `rules/index.ts`.
 */
export interface ReviewRule {
  readonly id: string
  readonly severity: FindingSeverity
  check(facts: OrgFacts, settings: ReviewSettings, now: Date): RuleFinding[]
}

/** The finding id for a rule and the object it is about (stable, so an acceptance keeps applying). */
export const findingId = (rule: string, subject: string): string => `${rule}:${subject}`

/** Whole days from `iso` to `now` (never negative). */
export function daysSince(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 86_400_000))
}

/** "2026-11-30" from an ISO timestamp, for evidence lines. */
export const dayOf = (iso: string): string => iso.slice(0, 10)

/** "1 day", "12 days". */
export const dayCount = (n: number): string => `${n} ${n === 1 ? 'day' : 'days'}`
