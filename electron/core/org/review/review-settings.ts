import { z } from 'zod'
import type { ReviewThresholds } from '../../../../shared/contract/review.contract'
import type { Config } from '../../platform/config/config.schema'
import { DEFAULT_ROTATION } from '../rotation/rotation.schema'

/**
 * The review's thresholds and accepted findings, kept in the config file's `review` section
 * (`<dataDir>/config.json`), changed with `keyward review thresholds` or the Review screen:
 *
 * - `unusedDays` (default 30): an active key with no use in the usage cache for this many days is "unused".
 * - `maxAdmins` (default 3): more users with an admin or owner role than this is "over-provisioned".
 * - `suggestedLimitCents` (default "100000", $1,000.00): the monthly spend limit a "set one" fix proposes.
 * - The rotation age is Rotation's own `rotation.ageDays` (default 90), not repeated here.
 */
export const ReviewSection = z.object({
  unusedDays: z.number().int().min(1).max(3650).default(30),
  maxAdmins: z.number().int().min(1).max(1000).default(3),
  suggestedLimitCents: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/)
    .default('100000'),
  accepted: z.array(z.object({ orgId: z.string(), findingId: z.string(), reason: z.string().max(120), at: z.string() })).default([]),
})
export type ReviewSection = z.infer<typeof ReviewSection>

/** At most this many acceptances are kept (the oldest go first), so the config cannot grow without bound. */
export const MAX_ACCEPTED = 5000

/** What the rules read: the review's thresholds and the rotation age. */
export interface ReviewSettings {
  readonly unusedDays: number
  readonly maxAdmins: number
  readonly suggestedLimitCents: string
  readonly rotationAgeDays: number
}

/** The review section of a config; a missing or damaged one reads as the defaults (it is advice, never a lock). */
export function reviewSectionOf(config: Config): ReviewSection {
  const parsed = ReviewSection.safeParse((config as Record<string, unknown>).review ?? {})
  return parsed.success ? parsed.data : ReviewSection.parse({})
}

/** The settings the rules use, from a config. */
export function reviewSettingsOf(config: Config): ReviewSettings {
  const section = reviewSectionOf(config)
  return {
    unusedDays: section.unusedDays,
    maxAdmins: section.maxAdmins,
    suggestedLimitCents: section.suggestedLimitCents,
    rotationAgeDays: config.rotation?.ageDays ?? DEFAULT_ROTATION.ageDays,
  }
}

/** The thresholds as the contract shows them. */
export const thresholdsOf = (s: ReviewSettings): ReviewThresholds => ({ ...s })
