import { z } from 'zod'
import { everywhere, procedure } from './procedure'
import { AmountString } from './usage.contract'

/** A channel's name as `keyward channels add` takes it. */
const ChannelName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a channel name (letters, digits, . _ -)')

/** When an hour's spend is a spike: more than `multiplier` × the subject's median hour, and at least `minAmount`. */
export const SpikeRule = z.object({
  enabled: z.boolean(),
  multiplier: z.number().min(1.5).max(1000),
  minAmount: AmountString,
  /** Alert channels that also receive spike alerts, besides the desktop notification or log line. */
  channels: z.array(ChannelName).max(20),
})
export type SpikeRule = z.infer<typeof SpikeRule>

/** One spike alert as it was raised. */
export const SpikeAlert = z.object({
  orgId: z.string(),
  orgName: z.string(),
  /** The grouping it was found in (`key`, or a person once usage is grouped by person) and the group's id and label. */
  groupBy: z.string(),
  subjectId: z.string(),
  subjectLabel: z.string(),
  /** The key, workspace and person behind the hour's spend (the key with the most spend in it). */
  key: z.object({ id: z.string(), name: z.string() }).nullable(),
  workspace: z.string().nullable(),
  /**
   * The workspace's id, so a listing names it as it is called now (a rename shows); absent for usage
   * the API reports without a workspace and in alerts recorded before ids were kept, which keep the name they were raised with.
   */
  workspaceId: z.string().optional(),
  person: z.string().nullable(),
  /** The UTC hour's start. */
  hour: z.string(),
  cost: AmountString,
  baseline: AmountString,
  detectedAt: z.string(),
})
export type SpikeAlert = z.infer<typeof SpikeAlert>

/** Procedures about spike alerts. */
export const alertProcedures = {
  'alerts.spikes': procedure(z.object({}).strict(), z.object({ rule: SpikeRule, recent: z.array(SpikeAlert) }), everywhere),
  'alerts.setSpikeRule': procedure(SpikeRule.partial().strict(), SpikeRule, everywhere),
}
