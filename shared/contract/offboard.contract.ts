import { z } from 'zod'
import { everywhere, procedure } from './procedure'

const Id = z.string().min(1).max(200)
const Email = z.string().trim().min(3).max(320).email()

/** One step of an offboarding: deactivate a key, or remove the person. */
export const OffboardStep = z.object({
  id: z.string(),
  kind: z.enum(['deactivate-key', 'remove-user']),
  description: z.string(),
  status: z.enum(['pending', 'done', 'already-done', 'failed', 'not-run']),
  error: z.string().optional(),
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
  /** True when every step is done (or was already). */
  complete: z.boolean(),
})
export type OffboardPlan = z.infer<typeof OffboardPlan>

/** Procedures of offboarding a person from an org. */
export const offboardProcedures = {
  'offboard.plan': procedure(z.object({ orgId: Id, email: Email }).strict(), OffboardPlan, everywhere),
  'offboard.run': procedure(z.object({ orgId: Id, email: Email }).strict(), OffboardPlan, everywhere),
}
