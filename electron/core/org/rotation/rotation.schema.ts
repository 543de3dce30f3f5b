import { z } from 'zod'
import { PendingRotationView } from '../../../../shared/contract/rotation.contract'

/**
 * A rotation in progress as the config stores it: the shape the contract shows (PendingRotationView),
 * with the quiet window bounded, since the retire step trusts it.
 */
export const PendingRotation = PendingRotationView.extend({
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
