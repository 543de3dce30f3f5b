import { z } from 'zod'
import { everywhere, procedure } from './procedure'
import { AmountString } from './usage.contract'

/*
 * Claude Code's own estimates of what its sessions cost (recorded by `keyward statusline`), for
 * profiles whose key is in no synced org: the only spend Keyward can show without an Admin key.
 * Always labelled as estimates and never added to the server's figures; a profile the server has
 * figures for is marked `serverCovered`, and screens show the server's figure for it instead.
 * Nothing here is secret (names, directories and dollars), so every transport may ask.
 */

/** A profile's estimate for the month. */
export const EstimatedProfile = z.object({
  profile: z.string(),
  /** Exact dollars (Claude Code's figures, summed). */
  cost: AmountString,
  sessions: z.number().int().min(0),
  /** True when a synced org has figures for this profile's key this month: show those, not this. */
  serverCovered: z.boolean(),
})
export type EstimatedProfile = z.infer<typeof EstimatedProfile>

/** A bound project's estimate for the month, with the profile its sessions got. */
export const EstimatedProject = z.object({ directory: z.string(), profile: z.string(), cost: AmountString, sessions: z.number().int().min(0), serverCovered: z.boolean() })
export type EstimatedProject = z.infer<typeof EstimatedProject>

/** This month's estimates (the host's calendar month), by profile and by bound project. */
export const EstimatesMonth = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  source: z.literal('claude-code'),
  profiles: z.array(EstimatedProfile),
  projects: z.array(EstimatedProject),
})
export type EstimatesMonth = z.infer<typeof EstimatesMonth>

/** Procedures for Claude Code's estimates. */
export const estimatesProcedures = {
  'estimates.month': procedure(z.object({}).strict(), EstimatesMonth, everywhere),
}
