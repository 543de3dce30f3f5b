import { z } from 'zod'
import { everywhere, procedure } from './procedure'

const Id = z.string().min(1).max(200)
const Email = z.string().trim().min(3).max(320).email()

/**
 * One step of an offboarding: deactivate a key, or remove the person. `in-console` is a step the
 * Admin API refuses (e.g. removing an admin); `instead` says what a person does in the Console.
 */
export const OffboardStep = z.object({
  id: z.string(),
  kind: z.enum(['deactivate-key', 'remove-user']),
  description: z.string(),
  status: z.enum(['pending', 'done', 'already-done', 'failed', 'not-run', 'in-console']),
  error: z.string().optional(),
  instead: z.string().optional(),
})
export type OffboardStep = z.infer<typeof OffboardStep>

/** What offboarding a person involves (and, after a run, how each step went). */
export const OffboardPlan = z.object({
  orgId: z.string(),
  orgName: z.string(),
  email: z.string(),
  user: z.object({ id: z.string(), name: z.string(), role: z.string() }).nullable(),
  keys: z.array(z.object({ id: z.string(), name: z.string(), status: z.string(), workspace: z.string(), lastUsedAt: z.string().nullable(), lastUseKnown: z.boolean() })),
  memberships: z.array(z.object({ workspaceId: z.string(), workspace: z.string(), role: z.string() })),
  steps: z.array(OffboardStep),
  /**
   * Set when the Admin API cannot remove the person (their role): why, and what to do in the Console.
   * A run is then refused unless `keysOnly` is asked, so no one is left with dead keys but full access unknowingly.
   */
  inConsole: z.object({ reason: z.string(), instead: z.string() }).nullable(),
  /** True after a run that deactivated the keys only and left the person in the org, as asked. */
  keysOnly: z.boolean(),
  /** True when every step is done (or was already). */
  complete: z.boolean(),
})
export type OffboardPlan = z.infer<typeof OffboardPlan>

/** Procedures of offboarding a person from an org. */
export const offboardProcedures = {
  'offboard.plan': procedure(z.object({ orgId: Id, email: Email }).strict(), OffboardPlan, everywhere),
  /** `keysOnly`: deactivate the keys and leave the person in the org (the only run possible when `inConsole` is set). */
  'offboard.run': procedure(z.object({ orgId: Id, email: Email, keysOnly: z.boolean().optional() }).strict(), OffboardPlan, everywhere),
}
