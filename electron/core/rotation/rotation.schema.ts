import { z } from 'zod'

/** A rotation in progress: the new key is served, the old one waits in the keychain until it is retired. */
export const PendingRotation = z.object({
  profile: z.string(),
  /** The org whose Admin API will deactivate the old key; null when the key matched no org. */
  orgId: z.string().nullable(),
  oldKeyId: z.string().nullable(),
  newKeyId: z.string().nullable(),
  /** The old key's masked hint, for display. */
  oldHint: z.string(),
  startedAt: z.string(),
  /** The old key is retired once it has had no usage for this many hours. */
  quietHours: z.number().int().min(1).max(720),
})
export type PendingRotation = z.infer<typeof PendingRotation>

/** The config's `rotation` section: the reminder age, the default quiet window, and rotations in progress. */
export const RotationSection = z.object({
  ageDays: z.number().int().min(1).max(3650).default(90),
  quietHours: z.number().int().min(1).max(720).default(24),
  pending: z.array(PendingRotation).default([]),
})
export type RotationSection = z.infer<typeof RotationSection>

/** The policy a fresh install uses. */
export const DEFAULT_ROTATION: RotationSection = { ageDays: 90, quietHours: 24, pending: [] }

/** The keychain account that keeps a profile's previous key during a rotation (`#` cannot occur in a profile name). */
export const previousAccount = (profile: string): string => `${profile}#previous`
