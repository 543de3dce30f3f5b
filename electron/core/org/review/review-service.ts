import type { AuditTarget } from '../../../../shared/contract/audit.contract'
import type { Finding, FindingFix, FixResult, ReviewReport, ReviewThresholds } from '../../../../shared/contract/review.contract'
import { KeywardError, isKeywardError } from '../../../../shared/errors'
import { formatMoney, parseCents } from '../../../../shared/money'
import type { AdminService } from '../admin/admin-service'
import type { AuditLog } from '../../platform/audit/audit-log'
import type { ConfigStore } from '../../platform/config/config-store'
import type { OrgDirectory } from '../orgs/org-directory'
import { type FactSources, readOrgFacts } from './read-org-facts'
import type { ReviewRule } from './review-rule'
import { MAX_ACCEPTED, reviewSectionOf, reviewSettingsOf, thresholdsOf } from './review-settings'
import { REVIEW_RULES } from './rules'

/** What the review reads and acts through. */
export interface ReviewDeps extends Omit<FactSources, 'admin'> {
  readonly orgs: Pick<OrgDirectory, 'list'>
  readonly admin: FactSources['admin'] & Pick<AdminService, 'setApiKeyStatus' | 'deleteInvite' | 'setSpendLimit'>
  readonly config: ConfigStore
  readonly audit: Pick<AuditLog, 'append'>
  readonly log: (line: string) => void
  readonly now?: () => Date
  readonly rules?: readonly ReviewRule[]
}

const RANK = { high: 0, medium: 1, low: 2 } as const

/** A message as one plain sentence: capitalised, ending in a full stop. */
const plain = (text: string): string => {
  const t = text.trim().replace(/[.;:,]+$/, '')
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}.`
}

const TARGET_KIND: Record<FindingFix['kind'], AuditTarget['kind']> = {
  'deactivate-key': 'apiKey',
  'rotate-key': 'apiKey',
  'delete-invite': 'invite',
  'set-spend-limit': 'workspace',
}

/** What a fix acted on, for its audit line. */
const fixTarget = (fix: FindingFix): AuditTarget => ({ kind: TARGET_KIND[fix.kind], id: fix.targetId, ...(fix.targetName !== undefined && { name: fix.targetName }) })

/** How long the tray's count of open high findings is reused before the org is reviewed again. */
export const HIGH_COUNT_TTL_MS = 5 * 60_000

/** The org review: findings per rule, acceptances (config + audit), one-click fixes through the admin service. */
export function createReviewService(deps: ReviewDeps) {
  const now = deps.now ?? (() => new Date())
  const rules = deps.rules ?? REVIEW_RULES
  let highCount: { at: number; value: number | null } | null = null

  async function orgName(orgId: string): Promise<string> {
    const org = (await deps.orgs.list()).find((o) => o.id === orgId)
    if (!org) throw new KeywardError('NOT_FOUND', `there is no org ${orgId.slice(0, 80)}; list them with keyward orgs, or add one`)
    return org.name
  }

  async function run(orgId: string): Promise<ReviewReport> {
    const name = await orgName(orgId)
    const at = now()
    const { facts, notes } = await readOrgFacts(orgId, name, deps)
    const config = await deps.config.read()
    const settings = reviewSettingsOf(config)
    const accepted = new Map(
      reviewSectionOf(config)
        .accepted.filter((a) => a.orgId === orgId)
        .map((a) => [a.findingId, a]),
    )
    const findings: Finding[] = rules.flatMap((rule) =>
      rule.check(facts, settings, at).map((f) => {
        const a = accepted.get(f.id)
        return { ...f, rule: rule.id, severity: rule.severity, accepted: a ? { reason: a.reason, at: a.at } : null }
      }),
    )
    findings.sort((a, b) => RANK[a.severity] - RANK[b.severity])
    return { orgId, orgName: name, generatedAt: at.toISOString(), thresholds: thresholdsOf(settings), findings, notes }
  }

  async function findOpen(orgId: string, findingId: string): Promise<Finding> {
    const finding = (await run(orgId)).findings.find((f) => f.id === findingId)
    if (!finding) throw new KeywardError('NOT_FOUND', `there is no finding ${findingId.slice(0, 120)} in this org any more; it may have been fixed. Review again for the current list.`)
    return finding
  }

  async function applyFix(orgId: string, finding: Finding, amountCents: string | undefined): Promise<string> {
    const fix = finding.fix
    if (!fix) throw new KeywardError('INVALID_INPUT', `this finding has no one-click fix: ${finding.advice}`)
    switch (fix.kind) {
      case 'deactivate-key': {
        const key = await deps.admin.setApiKeyStatus(orgId, fix.targetId, 'inactive')
        return `Deactivated the key ${key.name}.`
      }
      case 'delete-invite':
        await deps.admin.deleteInvite(orgId, fix.targetId, fix.targetName)
        return fix.targetName ? `Deleted the invite for ${fix.targetName}.` : 'Deleted the invite.'
      case 'set-spend-limit': {
        const cents = amountCents ?? fix.suggestedCents
        if (!cents) throw new KeywardError('INVALID_INPUT', 'say the monthly limit in cents')
        await deps.admin.setSpendLimit(orgId, { type: 'workspace', workspaceId: fix.targetId }, 'monthly', cents)
        return `Set the monthly spend limit${fix.targetName ? ` of ${fix.targetName}` : ''} to ${formatMoney(parseCents(cents), { locale: 'en-US' })}.`
      }
      case 'rotate-key':
        throw new KeywardError('INVALID_INPUT', `rotating needs the new key from you: start it from Rotation, keyward rotate ${fix.profile ?? 'NAME'}`)
    }
  }

  return {
    /** Reviews one org against every rule. */
    run,
    /** Accepts a finding with a reason: it stays listed as accepted, is no longer counted, and the audit log says who kept what and why. */
    async accept(orgId: string, findingId: string, reason: string): Promise<Finding> {
      const finding = await findOpen(orgId, findingId)
      const at = now().toISOString()
      await deps.config.update((c) => {
        const section = reviewSectionOf(c)
        const others = section.accepted.filter((a) => !(a.orgId === orgId && a.findingId === findingId))
        return { ...c, review: { ...section, accepted: [...others, { orgId, findingId, reason, at }].slice(-MAX_ACCEPTED) } }
      })
      await deps.audit.append({ event: 'review.accepted', detail: `${await orgName(orgId)}: ${reason} (accepted ${findingId})`, target: { kind: 'finding', id: findingId, name: finding.title } })
      highCount = null
      return { ...finding, accepted: { reason, at } }
    },
    /**
     * Applies a finding's one-click fix and says how it went, for that finding: fixed, or refused
     * (by the API, or the finding is gone) in one plain sentence. The admin service audits the
     * change itself; the fix is audited too (`review.fixed`), naming the finding and its target.
     */
    async fix(orgId: string, findingId: string, amountCents?: string): Promise<FixResult> {
      let finding: Finding
      try {
        finding = await findOpen(orgId, findingId)
      } catch (error) {
        if (isKeywardError(error) && error.code === 'NOT_FOUND') return { findingId, outcome: 'refused', message: plain(error.message) }
        throw error
      }
      let message: string
      try {
        message = await applyFix(orgId, finding, amountCents)
      } catch (error) {
        if (!isKeywardError(error)) throw error
        return { findingId, outcome: 'refused', message: `Not fixed: ${plain(error.message)}` }
      }
      highCount = null
      await deps.audit.append({ event: 'review.fixed', detail: `${await orgName(orgId)}: ${finding.title}: ${message}`, ...(finding.fix && { target: fixTarget(finding.fix) }) })
      return { findingId, outcome: 'fixed', message }
    },
    /** The thresholds in force. */
    thresholds: async (): Promise<ReviewThresholds> => thresholdsOf(reviewSettingsOf(await deps.config.read())),
    /** Changes thresholds; returns them all. */
    async setThresholds(change: { unusedDays?: number; maxAdmins?: number; suggestedLimitCents?: string }): Promise<ReviewThresholds> {
      const next = await deps.config.update((c) => ({ ...c, review: { ...reviewSectionOf(c), ...change } }))
      highCount = null
      const said = [
        change.unusedDays !== undefined && `unused after ${change.unusedDays} days`,
        change.maxAdmins !== undefined && `at most ${change.maxAdmins} admins`,
        change.suggestedLimitCents !== undefined && `suggested limit ${formatMoney(parseCents(change.suggestedLimitCents), { locale: 'en-US' })}`,
      ].filter((x): x is string => typeof x === 'string')
      if (said.length > 0) await deps.audit.append({ event: 'review.thresholdsSet', detail: `Review thresholds: ${said.join(', ')}` })
      return thresholdsOf(reviewSettingsOf(next))
    },
    /** Open (not accepted) high findings across every org, for the tray; null without orgs; an org that fails is left out (and logged). */
    async openHighCount(): Promise<number | null> {
      const at = now().getTime()
      if (highCount && at - highCount.at < HIGH_COUNT_TTL_MS) return highCount.value
      const orgs = await deps.orgs.list()
      let total: number | null = orgs.length === 0 ? null : 0
      for (const org of orgs) {
        try {
          total = (total ?? 0) + (await run(org.id)).findings.filter((f) => f.severity === 'high' && f.accepted === null).length
        } catch (error) {
          deps.log(`review of ${org.name} for the tray failed: ${error instanceof Error ? error.message : String(error)}`)
        }
      }
      highCount = { at, value: total }
      return total
    },
  }
}

/** The review service. */
export type ReviewService = ReturnType<typeof createReviewService>
