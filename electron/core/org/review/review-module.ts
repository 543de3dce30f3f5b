import type { OrgAdmin } from '../admin/org-admin'
import { offboardHandlers } from '../offboard/offboard.handlers'
import { type OffboardService, createOffboardService } from '../offboard/offboard-service'
import type { Handlers } from '../../router'
import type { UsageModule } from '../../usage/usage-module'
import type { Vault } from '../../vault/vault'
import { reviewHandlers } from './review.handlers'
import { type ReviewService, createReviewService } from './review-service'

/** The review and offboarding, wired over the org admin, the usage cache and the vault. */
export interface ReviewModule {
  readonly review: ReviewService
  readonly offboard: OffboardService
  readonly handlers: Pick<Handlers, Extract<keyof Handlers, `review.${string}` | `offboard.${string}`>>
}

/** Builds review and offboarding; one composition point for the app, the daemon and the CLI. */
export function createReviewModule(deps: {
  readonly orgAdmin: Pick<OrgAdmin, 'orgs' | 'admin'>
  readonly usage: Pick<UsageModule, 'queries' | 'budgets'>
  readonly vault: Pick<Vault, 'config' | 'audit'>
  readonly log: (line: string) => void
  readonly now?: () => Date
}): ReviewModule {
  const now = deps.now ?? (() => new Date())
  const lastUsed = (orgId: string) => deps.usage.queries.lastUsed(orgId)
  const review = createReviewService({
    orgs: deps.orgAdmin.orgs,
    admin: deps.orgAdmin.admin,
    config: deps.vault.config,
    audit: deps.vault.audit,
    log: deps.log,
    now,
    lastUsed,
    budgetScopes: async () => (await deps.usage.budgets.list(now())).budgets.map((b) => b.budget.scope),
    profiles: async () => (await deps.vault.config.read()).profiles.filter((p) => p.kind === 'api').map((p) => ({ name: p.name, hint: p.hint })),
  })
  const offboard = createOffboardService({ orgs: deps.orgAdmin.orgs, admin: deps.orgAdmin.admin, audit: deps.vault.audit, lastUsed })
  return { review, offboard, handlers: { ...reviewHandlers(review), ...offboardHandlers(offboard) } }
}
