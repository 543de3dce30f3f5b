import { z } from 'zod'
import { ChannelNames } from './channels.contract'
import { everywhere, procedure } from './procedure'
import { AmountString } from './usage.contract'

/** What a local budget covers; every scope names its org. */
export const BudgetScope = z.discriminatedUnion('type', [
  z.object({ type: z.literal('org'), orgId: z.string().min(1) }),
  z.object({ type: z.literal('workspace'), orgId: z.string().min(1), workspaceId: z.string().min(1) }),
  z.object({ type: z.literal('profile'), orgId: z.string().min(1), profile: z.string().min(1).max(64) }),
  z.object({ type: z.literal('project'), orgId: z.string().min(1), directory: z.string().min(1).max(4096) }),
  /** A person (or other identity the API attributes usage to), by the actor's tagged id. */
  z.object({ type: z.literal('user'), orgId: z.string().min(1), userId: z.string().min(1).max(300) }),
  /** A product surface, as the API names it (`claude_code`, `messages_api`, …). */
  z.object({ type: z.literal('product'), orgId: z.string().min(1), product: z.string().min(1).max(100) }),
])
export type BudgetScope = z.infer<typeof BudgetScope>

/** A local budget: a limit per local day or month, and the percentages that notify once each. */
export const Budget = z.object({
  id: z.string(),
  scope: BudgetScope,
  period: z.enum(['day', 'month']),
  limit: AmountString,
  thresholds: z.array(z.number().int().min(1).max(1000)).min(1).max(10),
  /** Alert channels that also get this budget's threshold alerts (absent: desktop or log only). */
  channels: ChannelNames.optional(),
})
export type Budget = z.infer<typeof Budget>

/** A budget with its spend in the current period. */
export const BudgetStatus = z.object({
  budget: Budget,
  label: z.string(),
  periodStart: z.string(),
  spent: AmountString,
  percent: z.number().int(),
  state: z.enum(['ok', 'warning', 'exceeded']),
})
export type BudgetStatus = z.infer<typeof BudgetStatus>

/** A spend limit the server enforces, shown beside the local budgets (`limit` null: no numeric cap). */
export const ServerSpendLimit = z.object({
  orgId: z.string(),
  orgName: z.string(),
  label: z.string(),
  period: z.string(),
  limit: AmountString.nullable(),
  currency: z.string(),
  enabled: z.boolean(),
})
export type ServerSpendLimit = z.infer<typeof ServerSpendLimit>

/** Procedures about local budgets. */
export const budgetProcedures = {
  'budgets.list': procedure(z.object({}).strict(), z.object({ timeZone: z.string(), budgets: z.array(BudgetStatus), serverLimits: z.array(ServerSpendLimit) }), everywhere),
  'budgets.set': procedure(
    z
      .object({
        id: z.string().min(1).max(64).optional(),
        scope: BudgetScope,
        period: z.enum(['day', 'month']),
        limit: AmountString,
        thresholds: z.array(z.number().int().min(1).max(1000)).min(1).max(10).default([50, 80, 100]),
        channels: ChannelNames.optional(),
      })
      .strict(),
    Budget,
    everywhere,
  ),
  'budgets.delete': procedure(z.object({ id: z.string().min(1).max(64) }).strict(), z.object({ deleted: z.boolean() }), everywhere),
}
