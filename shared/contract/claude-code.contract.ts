import { z } from 'zod'
import { everywhere, procedure } from './procedure'
import { AmountString, LocalDateString } from './usage.contract'

/** One model's share of Claude Code use: its tokens and the report's estimated cost (dollars, exact). */
export const ClaudeCodeModelFigures = z.object({
  model: z.string(),
  cost: AmountString,
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cacheReadTokens: z.number().int(),
  cacheCreationTokens: z.number().int(),
})
export type ClaudeCodeModelFigures = z.infer<typeof ClaudeCodeModelFigures>

/** What someone did with Claude Code over the range, summed over its days (tool actions over the four tools). */
export const ClaudeCodeFigures = z.object({
  sessions: z.number().int(),
  linesAdded: z.number().int(),
  linesRemoved: z.number().int(),
  commits: z.number().int(),
  pullRequests: z.number().int(),
  toolAccepted: z.number().int(),
  toolRejected: z.number().int(),
  /** Claude Code's estimated cost at list prices, in dollars, exact. */
  cost: AmountString,
  models: z.array(ClaudeCodeModelFigures),
})
export type ClaudeCodeFigures = z.infer<typeof ClaudeCodeFigures>

/** One actor of the Claude Code report: a person by e-mail, or an API key by its name. */
export const ClaudeCodePerson = ClaudeCodeFigures.extend({
  actor: z.string(),
  actorType: z.enum(['user', 'api_key']),
})
export type ClaudeCodePerson = z.infer<typeof ClaudeCodePerson>

/**
 * The Claude Code report over a range of UTC days: `from` and `to` are the UTC dates counted
 * (the report has whole UTC days only); people sorted by cost, highest first.
 */
export const ClaudeCodeReport = z.object({
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  from: LocalDateString,
  to: LocalDateString,
  /** Days of the range the cache holds (fetched), and days in the range. */
  daysCached: z.number().int(),
  daysInRange: z.number().int(),
  /** When the newest day in the range was fetched; null when none is cached. */
  lastFetchedAt: z.string().nullable(),
  people: z.array(ClaudeCodePerson),
  total: ClaudeCodeFigures,
})
export type ClaudeCodeReport = z.infer<typeof ClaudeCodeReport>

/** At most a year of days per report (the cache keeps 90). */
export const CLAUDE_CODE_MAX_RANGE_DAYS = 366

/** Procedures about Claude Code analytics. */
export const claudeCodeProcedures = {
  'usage.claudeCode': procedure(z.object({ orgId: z.string().min(1).max(200).optional(), from: LocalDateString, to: LocalDateString }).strict(), ClaudeCodeReport, everywhere),
} as const
