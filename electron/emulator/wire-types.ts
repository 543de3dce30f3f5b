/**
 * The SDK's own types for the objects the emulator serves, in one place, so the compiler checks
 * that every record the emulator sends has exactly the shape the SDK declares.
 */
export type {
  BetaAPIKey,
  BetaOrganization,
  BetaOrganizationInvite,
  BetaOrganizationRole,
  BetaOrganizationUser,
  BetaWorkspace,
  BetaWorkspaceMember,
  BetaWorkspaceRole,
  BetaSpendLimit,
  BetaSpendLimitPeriod,
  BetaSpendSummary,
} from '@anthropic-ai/sdk/resources/beta/organization/index'
export type { BetaWorkspaceRateLimit } from '@anthropic-ai/sdk/resources/beta/organization/workspaces/rate-limits'
export type { BetaAnalyticsUsageItem, BetaAnalyticsUsageGroup } from '@anthropic-ai/sdk/resources/beta/organization/analytics/usage'
export type { BetaAnalyticsCostItem, BetaAnalyticsCostGroup } from '@anthropic-ai/sdk/resources/beta/organization/analytics/cost'
export type { BetaAnalyticsActor, BetaAnalyticsFederatedActor } from '@anthropic-ai/sdk/resources/beta/organization/analytics/analytics'
