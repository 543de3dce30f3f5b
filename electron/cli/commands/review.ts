import type { Finding, ReviewReport, ReviewThresholds } from '../../../shared/contract/review.contract'
import { KeywardError } from '../../../shared/errors'
import { formatMoney, parseCents } from '../../../shared/money'
import { type Command, parseFlags, printJson } from '../command'
import { confirmOnTerminal } from '../confirm'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import type { ReviewModule } from '../../core/org/review/review-module'
import type { OrgDirectory } from '../../core/org/orgs/org-directory'
import { safeValue } from '../../../shared/terminal-text'
import { dollarsFlag } from '../typed-dollars'

/** What `keyward review` was asked to do. */
export type ReviewOptions =
  | { readonly action: 'list'; readonly orgId: string | undefined; readonly all: boolean; readonly json: boolean }
  | { readonly action: 'accept'; readonly orgId: string | undefined; readonly findingId: string; readonly reason: string; readonly json: boolean }
  | { readonly action: 'fix'; readonly orgId: string | undefined; readonly findingId: string; readonly yes: boolean; readonly amountCents: string | undefined; readonly json: boolean }
  | { readonly action: 'thresholds'; readonly change: { unusedDays?: number; maxAdmins?: number; suggestedLimitCents?: string }; readonly json: boolean }

function wholeNumber(text: string | undefined, flag: string, max: number): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!/^\d+$/.test(text) || !Number.isInteger(n) || n < 1 || n > max) throw new KeywardError('INVALID_INPUT', `${flag} must be a whole number from 1 to ${max}`)
  return n
}

/** Parses `keyward review [accept ID --reason TEXT | fix ID [--yes] [--limit DOLLARS] | thresholds …] [--org ID] [--all] [--json]`. */
export function parseReviewArgs(args: string[]): ReviewOptions {
  const { values, positionals } = parseFlags(args, {
    org: { type: 'string' },
    all: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    reason: { type: 'string' },
    yes: { type: 'boolean', default: false },
    limit: { type: 'string' },
    'unused-days': { type: 'string' },
    'max-admins': { type: 'string' },
    'suggested-limit': { type: 'string' },
  })
  const [action = 'list', target, ...extra] = positionals
  if (extra.length > 0) throw new KeywardError('INVALID_INPUT', `unexpected argument "${extra[0]!.slice(0, 40)}"; see keyward review --help`)
  const orgId = values.org
  if (action === 'list') {
    if (target !== undefined) throw new KeywardError('INVALID_INPUT', `unknown review action "${target.slice(0, 40)}"; use accept, fix or thresholds`)
    return { action, orgId, all: values.all, json: values.json }
  }
  if (action === 'thresholds') {
    const change: { unusedDays?: number; maxAdmins?: number; suggestedLimitCents?: string } = {}
    const unusedDays = wholeNumber(values['unused-days'], '--unused-days', 3650)
    const maxAdmins = wholeNumber(values['max-admins'], '--max-admins', 1000)
    if (unusedDays !== undefined) change.unusedDays = unusedDays
    if (maxAdmins !== undefined) change.maxAdmins = maxAdmins
    if (values['suggested-limit'] !== undefined) change.suggestedLimitCents = dollarsFlag(values['suggested-limit'], '--suggested-limit').cents
    return { action, change, json: values.json }
  }
  if (action !== 'accept' && action !== 'fix') throw new KeywardError('INVALID_INPUT', `unknown review action "${action.slice(0, 40)}"; use accept, fix or thresholds`)
  if (!target) throw new KeywardError('INVALID_INPUT', `name the finding: keyward review ${action} FINDING_ID (the ids are in keyward review)`)
  if (action === 'accept') {
    const reason = values.reason?.trim() ?? ''
    if (reason.length < 3) throw new KeywardError('INVALID_INPUT', 'say why the finding is accepted: --reason "TEXT" (at least 3 characters); it goes to the audit log')
    if (reason.length > 120) throw new KeywardError('INVALID_INPUT', '--reason is at most 120 characters: a short reason for the audit log')
    return { action, orgId, findingId: target, reason, json: values.json }
  }
  const amountCents = values.limit === undefined ? undefined : dollarsFlag(values.limit, '--limit').cents
  return { action, orgId, findingId: target, yes: values.yes, amountCents, json: values.json }
}

const SEVERITY = { high: 'HIGH  ', medium: 'MEDIUM', low: 'LOW   ' } as const

function fixHint(f: Finding): string {
  if (!f.fix) return `To do: ${f.advice}`
  if (f.fix.kind === 'rotate-key') return `Fix: keyward rotate ${f.fix.profile ?? 'NAME'}`
  return `Fix: keyward review fix ${f.id}   (${f.fix.description})`
}

/** The review as text: one block per finding, accepted ones only with --all. */
export function formatReview(report: ReviewReport, all: boolean): string {
  const open = report.findings.filter((f) => f.accepted === null)
  const accepted = report.findings.filter((f) => f.accepted !== null)
  const count = (s: Finding['severity']) => open.filter((f) => f.severity === s).length
  const lines = [
    `${safeValue(report.orgName)}: ${open.length} open ${open.length === 1 ? 'finding' : 'findings'} (${count('high')} high, ${count('medium')} medium, ${count('low')} low), ${accepted.length} accepted`,
  ]
  for (const f of all ? report.findings : open) {
    lines.push(
      '',
      `${SEVERITY[f.severity]}  ${safeValue(f.title)}${f.accepted ? `   [accepted ${f.accepted.at.slice(0, 10)}: ${safeValue(f.accepted.reason)}]` : ''}`,
      `        id: ${safeValue(f.id)}`,
    )
    for (const e of f.evidence) lines.push(`        ${safeValue(e)}`)
    if (!f.accepted) lines.push(`        ${safeValue(fixHint(f))}`, `        Or keep it: keyward review accept ${safeValue(f.id)} --reason "…"`)
  }
  if (!all && accepted.length > 0) lines.push('', `${accepted.length} accepted ${accepted.length === 1 ? 'finding is' : 'findings are'} not shown; add --all to list them.`)
  for (const n of report.notes) lines.push('', `Note: ${safeValue(n)}`)
  return `${lines.join('\n')}\n`
}

function formatThresholds(t: ReviewThresholds): string {
  return [
    `Unused keys: no use for ${t.unusedDays} days`,
    `Admins and owners: at most ${t.maxAdmins}`,
    `Suggested workspace spend limit: ${formatMoney(parseCents(t.suggestedLimitCents), { locale: 'en-US' })} per month`,
    `Rotation age: ${t.rotationAgeDays} days (change it in Rotation)`,
  ].join('\n')
}

/** The org to review: `--org`, else the first org (configured ones first, the demo last). */
async function pickOrg(orgs: { list(): Promise<Array<{ id: string }>> }, orgId: string | undefined): Promise<string> {
  if (orgId !== undefined) return orgId
  const first = (await orgs.list())[0]
  if (!first) throw new KeywardError('NOT_FOUND', 'there is no org to review; add one with keyward orgs add PROFILE, or try the demo: keyward demo')
  return first.id
}

/** Runs `keyward review`. */
export async function runReview(options: ReviewOptions, io: CliIO, module: ReviewModule & { readonly orgs: Pick<OrgDirectory, 'list'> }): Promise<number> {
  const { review } = module
  if (options.action === 'thresholds') {
    const t = Object.keys(options.change).length > 0 ? await review.setThresholds(options.change) : await review.thresholds()
    if (options.json) printJson(io, t)
    else io.stdout.write(`${formatThresholds(t)}\n`)
    return EXIT.OK
  }
  const orgId = await pickOrg(module.orgs, options.orgId)
  if (options.action === 'list') {
    const report = await review.run(orgId)
    if (options.json) printJson(io, report)
    else io.stdout.write(formatReview(report, options.all))
    return EXIT.OK
  }
  if (options.action === 'accept') {
    const finding = await review.accept(orgId, options.findingId, options.reason)
    if (options.json) printJson(io, finding)
    else io.stdout.write(`Accepted: ${safeValue(finding.title)}. It is silenced and the audit log records your reason.\n`)
    return EXIT.OK
  }
  const finding = (await review.run(orgId)).findings.find((f) => f.id === options.findingId)
  if (!finding) throw new KeywardError('NOT_FOUND', `there is no finding ${options.findingId.slice(0, 120)} any more; it may have been fixed. Run keyward review for the current list.`)
  if (!finding.fix) throw new KeywardError('INVALID_INPUT', `this finding has no one-click fix: ${finding.advice}`)
  if (finding.fix.kind === 'rotate-key') throw new KeywardError('INVALID_INPUT', `rotating needs the new key from you: keyward rotate ${finding.fix.profile ?? 'NAME'}`)
  const description =
    options.amountCents && finding.fix.kind === 'set-spend-limit'
      ? finding.fix.description.replace(/of \$[\d,.]+/, `of ${formatMoney(parseCents(options.amountCents), { locale: 'en-US' })}`)
      : finding.fix.description
  if (!options.json) io.stderr.write(`${safeValue(finding.title)}\n${safeValue(description)}\n`)
  if (!(await confirmOnTerminal(io, `${finding.fix.label}?`, options.yes))) {
    io.stderr.write('Nothing changed.\n')
    return EXIT.FAILED
  }
  const result = await review.fix(orgId, options.findingId, options.amountCents)
  if (options.json) printJson(io, result)
  else if (result.outcome === 'fixed') io.stdout.write(`${safeValue(result.message)}\n`)
  else io.stderr.write(`${safeValue(result.message)}\n`)
  return result.outcome === 'fixed' ? EXIT.OK : EXIT.FAILED
}

/** `keyward review`. */
export const reviewCommand: Command = {
  summary: 'check an org against best practices (unused, old and orphaned keys, admins, invites, budgets) and fix or accept each finding',
  help: `Usage: keyward review [--org ID] [--all] [--json]          list the findings (open ones; --all adds accepted)
       keyward review fix FINDING_ID [--yes] [--limit DOLLARS]  apply a finding's fix (asks first; --yes for scripts)
       keyward review accept FINDING_ID --reason TEXT     keep it as it is: silences it, the reason goes to the audit log
       keyward review thresholds [--unused-days N] [--max-admins N] [--suggested-limit DOLLARS]

Findings: keys unused for N days (from the synced usage cache) and keys created by people no longer
in the org (high); keys older than the rotation age, more admins than the threshold, invites
pending past their expiry, workspaces with no spend limit and no budget (medium); keys in the
Default workspace or that never expire (low). Fixes go through the Admin API and are audited.
--limit sets the monthly spend limit a workspace fix sets (default: the suggested limit); dollars
are typed as on the dashboard: 1500, 1,500 or $1,500.25.
  --org ID  the org (default: the first one, see keyward orgs)
  --json    print JSON`,
  async run(args, io, cli) {
    const options = parseReviewArgs(args)
    return runReview(options, io, { ...(await cli.review()), orgs: (await cli.orgAdmin()).orgs })
  },
}
