import { z } from 'zod'
import { everywhere, procedure } from './procedure'

const Id = z.string().min(1).max(200)

/** How much a finding matters: `high` ones are counted in the tray. */
export const FindingSeverity = z.enum(['high', 'medium', 'low'])
export type FindingSeverity = z.infer<typeof FindingSeverity>

/**
 * What a finding's fix does. `deactivate-key`, `delete-invite` and `set-spend-limit` run through the
 * Admin API (audited) and are offered only where the API accepts them; `rotate-key` opens the
 * rotation flow (a new key comes from a person, the Admin API cannot create one). What the API
 * refuses (an admin's role) has no fix: the finding's advice says what to do in the Console.
 */
export const FindingFix = z.object({
  kind: z.enum(['deactivate-key', 'rotate-key', 'delete-invite', 'set-spend-limit']),
  /** The button's words, e.g. "Deactivate key". */
  label: z.string(),
  /** What the confirmation says will happen. */
  description: z.string(),
  /** The object the fix acts on: an API key, user, invite or workspace id. */
  targetId: z.string(),
  /** The target's name (key or workspace name, invite email) as the review read it, for the audit line. */
  targetName: z.string().optional(),
  /** For set-spend-limit: the suggested monthly limit in cents (the confirmation lets a person change it). */
  suggestedCents: z.string().optional(),
  /** For rotate-key: the local profile that holds the key, when Keyward has one. */
  profile: z.string().optional(),
})
export type FindingFix = z.infer<typeof FindingFix>

/** One thing the review found: which rule, how bad, the facts behind it, and what to do. */
export const Finding = z.object({
  /** Stable across runs: `<rule>:<subject id>`, so an acceptance keeps silencing it. */
  id: z.string(),
  rule: z.string(),
  severity: FindingSeverity,
  title: z.string(),
  evidence: z.array(z.string()),
  /** What a person should do when there is no one-click fix (or beside it). */
  advice: z.string(),
  fix: FindingFix.nullable(),
  /** Set once a person accepted the finding: it is silenced (not counted) and kept for the record. */
  accepted: z.object({ reason: z.string(), at: z.string() }).nullable(),
})
export type Finding = z.infer<typeof Finding>

/** The review's thresholds; defaults in electron/core/org/review/review-settings.ts. */
export const ReviewThresholds = z.object({
  unusedDays: z.number().int().min(1).max(3650),
  maxAdmins: z.number().int().min(1).max(1000),
  suggestedLimitCents: z.string().regex(/^[1-9][0-9]{0,14}$/),
  /** The rotation age, shared with Rotation (config `rotation.ageDays`). */
  rotationAgeDays: z.number().int(),
})
export type ReviewThresholds = z.infer<typeof ReviewThresholds>

/** One org's review. `notes` say what could not be checked (e.g. usage never synced). */
export const ReviewReport = z.object({
  orgId: z.string(),
  orgName: z.string(),
  generatedAt: z.string(),
  thresholds: ReviewThresholds,
  findings: z.array(Finding),
  notes: z.array(z.string()),
})
export type ReviewReport = z.infer<typeof ReviewReport>

/**
 * How a one-click fix went, for the finding it was asked on: `fixed`, or `refused` (by the Admin
 * API, or because the finding is gone), with one plain sentence saying what happened and what to do.
 */
export const FixResult = z.object({ findingId: z.string(), outcome: z.enum(['fixed', 'refused']), message: z.string() })
export type FixResult = z.infer<typeof FixResult>

/** Procedures of the org review. */
export const reviewProcedures = {
  'review.run': procedure(z.object({ orgId: Id }).strict(), ReviewReport, everywhere),
  'review.accept': procedure(z.object({ orgId: Id, findingId: Id, reason: z.string().trim().min(3).max(120) }).strict(), Finding, everywhere),
  'review.fix': procedure(
    z
      .object({
        orgId: Id,
        findingId: Id,
        amountCents: z
          .string()
          .regex(/^[1-9][0-9]{0,14}$/, 'the amount is a whole number of cents, e.g. 100000 for $1,000.00')
          .optional(),
      })
      .strict(),
    FixResult,
    everywhere,
  ),
  'review.setThresholds': procedure(
    z
      .object({
        unusedDays: z.number().int().min(1).max(3650).optional(),
        maxAdmins: z.number().int().min(1).max(1000).optional(),
        suggestedLimitCents: z
          .string()
          .regex(/^[1-9][0-9]{0,14}$/)
          .optional(),
      })
      .strict(),
    ReviewThresholds,
    everywhere,
  ),
}
