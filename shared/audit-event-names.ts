/**
 * The events Keyward appends to its audit log; other domains add theirs here. A plain list, apart
 * from the contract's schema (audit.contract.ts makes it a zod enum), so the renderer's event filter
 * can list them without bundling zod and every schema.
 */
export const AUDIT_EVENT_NAMES = [
  'key.served',
  'key.copied',
  'key.denied',
  'profile.added',
  'profile.removed',
  'profile.renamed',
  'binding.set',
  'binding.removed',
  'default.set',
  'approval.set',
  'forward.set',
  'guard.resealed',
  'guard.tampered',
  'project.allowed',
  'org.added',
  'org.removed',
  /** An org's Admin key now goes to a new base URL (detail names the old and the new). */
  'org.moved',
  'admin.action',
  'rotation.started',
  'rotation.retired',
  'rotation.failed',
  'review.accepted',
  /** A Review finding's one-click fix ran (its admin change is also an admin.action line). */
  'review.fixed',
  /** The Review thresholds changed (detail names each new value). */
  'review.thresholdsSet',
  'offboard.stepFailed',
  'offboard.finished',
  'budget.created',
  'budget.updated',
  'budget.deleted',
  'channel.created',
  'channel.deleted',
  /** A test alert was sent to a channel (detail says whether it was delivered). */
  'channel.tested',
] as const

/** One audit event's name. */
export type AuditEventName = (typeof AUDIT_EVENT_NAMES)[number]
