import { z } from 'zod'
import { ProfileName, checkKey } from '../keys.schema'
import { everywhere, procedure } from './procedure'

/** A rotation in progress, as shown: never a key, only hints and ids. */
export const PendingRotationView = z.object({
  profile: z.string(),
  /** The org whose Admin API will deactivate the old key; null when the key matched no org. */
  orgId: z.string().nullable(),
  oldKeyId: z.string().nullable(),
  newKeyId: z.string().nullable(),
  /** The old key's masked hint, for display. */
  oldHint: z.string(),
  startedAt: z.string(),
  quietHours: z.number(),
})
export type PendingRotationView = z.infer<typeof PendingRotationView>

/** A local API-key profile matched (by hint) to its org key, with age and reminder. */
export const ProfileKeyInfo = z.object({
  profile: z.string(),
  hint: z.string(),
  ageDays: z.number(),
  rotationDue: z.boolean(),
  orgKey: z
    .object({
      orgId: z.string(),
      orgName: z.string(),
      keyId: z.string(),
      keyName: z.string(),
      workspaceId: z.string().nullable(),
      status: z.string(),
      createdAt: z.string(),
      expiresAt: z.string().nullable(),
    })
    .nullable(),
  pending: PendingRotationView.nullable(),
})
export type ProfileKeyInfo = z.infer<typeof ProfileKeyInfo>

/** Every API-key profile's lifecycle, the policy, and orgs whose keys could not be listed. */
export const RotationOverview = z.object({
  ageDays: z.number(),
  quietHours: z.number(),
  profiles: z.array(ProfileKeyInfo),
  errors: z.array(z.object({ orgId: z.string(), orgName: z.string(), code: z.string(), message: z.string() })),
})
export type RotationOverview = z.infer<typeof RotationOverview>

/** What trying to retire an old key did. */
export const RetireResult = z.object({
  retired: z.boolean(),
  usage: z.object({ requests: z.number(), tokens: z.number(), from: z.string(), to: z.string() }).nullable(),
  message: z.string(),
})
export type RetireResult = z.infer<typeof RetireResult>

/**
 * Starting a rotation: like `profiles.add`, one of the few inputs that carries a key, renderer → core,
 * never back. Issues name only the prefix.
 */
export const RotateInput = z
  .object({ profile: ProfileName, newKey: z.string().max(1024), quietHours: z.number().int().min(1).max(720).optional() })
  .strict()
  .superRefine((input, ctx) => {
    const checked = checkKey('api', input.newKey)
    if (!checked.ok) ctx.addIssue({ code: 'custom', path: ['newKey'], message: checked.message })
  })

/** Procedures about key lifecycle: matching, reminders and rotation. */
export const rotationProcedures = {
  'rotation.overview': procedure(z.object({}).strict(), RotationOverview, everywhere),
  'rotation.setPolicy': procedure(
    z.object({ ageDays: z.number().int().min(1).max(3650).optional(), quietHours: z.number().int().min(1).max(720).optional() }).strict(),
    z.object({ ageDays: z.number(), quietHours: z.number() }),
    everywhere,
  ),
  'rotation.rotate': procedure(RotateInput, PendingRotationView, everywhere),
  'rotation.retire': procedure(z.object({ profile: ProfileName, confirm: z.boolean().default(false) }).strict(), RetireResult, everywhere),
}
