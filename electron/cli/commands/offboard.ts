import type { OffboardPlan } from '../../../shared/contract/offboard.contract'
import { KeywardError } from '../../../shared/errors'
import { type Command, parseFlags, printJson } from '../command'
import { confirmOnTerminal } from '../confirm'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import type { ReviewModule } from '../../core/org/review/review-module'
import type { OrgDirectory } from '../../core/org/orgs/org-directory'
import { safeValue } from '../../../shared/terminal-text'

/** What `keyward offboard` was asked to do. */
export interface OffboardOptions {
  readonly email: string
  readonly orgId: string | undefined
  readonly dryRun: boolean
  readonly yes: boolean
  readonly json: boolean
  /** Deactivate the keys only and leave the person in the org (the only run possible for someone the API cannot remove). */
  readonly keysOnly: boolean
}

/** Parses `keyward offboard EMAIL [--org ID] [--dry-run] [--keys-only] [--yes] [--json]`. */
export function parseOffboardArgs(args: string[]): OffboardOptions {
  const { values, positionals } = parseFlags(args, {
    org: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    yes: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'keys-only': { type: 'boolean', default: false },
  })
  if (positionals.length !== 1) throw new KeywardError('INVALID_INPUT', 'name the person by email: keyward offboard EMAIL [--dry-run]')
  const email = positionals[0]!.trim()
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || email.length > 320)
    throw new KeywardError('INVALID_INPUT', `"${email.slice(0, 60)}" is not an email address; name the person by the email they sign in with`)
  return { email, orgId: values.org, dryRun: values['dry-run'], yes: values.yes, json: values.json, keysOnly: values['keys-only'] }
}

const STEP = { pending: 'to do', done: 'done', 'already-done': 'already done', failed: 'FAILED', 'not-run': 'not run', 'in-console': 'in the Console' } as const

/** The plan (or a run's outcome) as text. */
export function formatOffboard(plan: OffboardPlan): string {
  const lines: string[] = []
  if (!plan.user) return `${safeValue(plan.email)} is not a member of ${safeValue(plan.orgName)}: nothing to do (already offboarded, or never joined).\n`
  lines.push(`${safeValue(plan.user.name)} <${safeValue(plan.email)}> in ${safeValue(plan.orgName)} (${safeValue(plan.user.role)})`, '', `Keys they created: ${plan.keys.length}`)
  for (const k of plan.keys)
    lines.push(
      `  ${safeValue(k.name).padEnd(24)} ${safeValue(k.status).padEnd(9)} ${safeValue(k.workspace).padEnd(16)} last used ${k.lastUsedAt ? k.lastUsedAt.slice(0, 10) : k.lastUseKnown ? 'not in the usage cache' : 'unknown (usage never synced)'}`,
    )
  lines.push('', `Workspace memberships: ${plan.memberships.length}`)
  for (const m of plan.memberships) lines.push(`  ${safeValue(m.workspace)} (${m.role.replace(/^workspace_/, '').replace(/_/g, ' ')})`)
  lines.push('', 'Steps:')
  for (const s of plan.steps) lines.push(`  [${STEP[s.status]}] ${safeValue(s.description)}${s.error ? `: ${safeValue(s.error)}` : ''}`)
  if (plan.inConsole) {
    lines.push(
      '',
      `The Admin API cannot do every step: ${safeValue(plan.inConsole.reason)}.`,
      `Instead, ${safeValue(plan.inConsole.instead)}.`,
      `Offboarding here would leave them with dead keys but full access to the org, so it runs only with --keys-only (deactivate their keys now, remove them in the Console).`,
    )
  }
  return `${lines.join('\n')}\n`
}

/** The org: `--org`, else the first one. */
async function pickOrg(orgs: { list(): Promise<Array<{ id: string }>> }, orgId: string | undefined): Promise<string> {
  if (orgId !== undefined) return orgId
  const first = (await orgs.list())[0]
  if (!first) throw new KeywardError('NOT_FOUND', 'there is no org; add one with keyward orgs add PROFILE, or try the demo: keyward demo')
  return first.id
}

/** Runs `keyward offboard`. Exit 1 when a step failed (run it again to resume). */
export async function runOffboard(options: OffboardOptions, io: CliIO, module: ReviewModule & { readonly orgs: Pick<OrgDirectory, 'list'> }): Promise<number> {
  const orgId = await pickOrg(module.orgs, options.orgId)
  const plan = await module.offboard.plan(orgId, options.email)
  if (options.dryRun || plan.complete) {
    if (options.json) printJson(io, plan)
    else io.stdout.write(`${formatOffboard(plan)}${options.dryRun && !plan.complete ? '\nDry run: nothing changed.\n' : ''}`)
    return EXIT.OK
  }
  if (plan.inConsole && !options.keysOnly) {
    if (!options.json) io.stderr.write(formatOffboard(plan))
    throw new KeywardError(
      'NOT_ALLOWED',
      `nothing was changed: ${plan.inConsole.reason}. Instead, ${plan.inConsole.instead}. To deactivate only their keys now, knowing they keep full access until then, add --keys-only`,
    )
  }
  if (!options.json) io.stderr.write(formatOffboard(plan))
  const question = options.keysOnly
    ? `Deactivate these keys and leave ${options.email} in ${plan.orgName}${plan.inConsole ? ' until you remove them in the Console' : ''}?`
    : `Deactivate these keys and remove ${options.email} from ${plan.orgName}?`
  if (!(await confirmOnTerminal(io, question, options.yes))) {
    io.stderr.write('Nothing changed.\n')
    return EXIT.FAILED
  }
  const result = await module.offboard.run(orgId, options.email, { keysOnly: options.keysOnly })
  const failed = result.steps.some((s) => s.status === 'failed')
  if (options.json) printJson(io, result)
  else {
    io.stdout.write(formatOffboard(result))
    io.stdout.write(`\n${outcomeLine(result, options.email, failed)}\n`)
  }
  return failed ? EXIT.FAILED : EXIT.OK
}

/** The last line of a run: offboarded, keys only (and what is left to do), or which steps failed. */
function outcomeLine(result: OffboardPlan, email: string, failed: boolean): string {
  if (failed) return 'Some steps failed; each says why. Once what stopped them is fixed, the same command does only the steps not yet done.'
  if (result.complete) return `${email} is offboarded.`
  const left = result.inConsole ? ` Instead of removing them here: ${result.inConsole.instead}.` : ' They are still in the org.'
  return `Their keys are deactivated.${left}`
}

/** `keyward offboard`. */
export const offboardCommand: Command = {
  summary: 'offboard a person who leaves: deactivate the keys they created, then remove them from the org',
  help: `Usage: keyward offboard EMAIL [--org ID] [--dry-run] [--keys-only] [--yes] [--json]

Shows every key EMAIL created (with its last use from the usage cache) and every workspace they
belong to, then deactivates their active keys and removes them from the org (which ends their
workspace memberships). Each change is written to the audit log. The person is removed only
after all their keys are deactivated. If a step fails, the others are still tried and each is
reported; run the same command again to resume: it reads the org afresh and does only the
steps not yet done. Exit status 1 means a step failed.
An Admin API key cannot remove an admin, owner or membership admin: for them the plan says what to
do in the Claude Console, and nothing changes unless you ask for --keys-only.
  --dry-run    show what would happen; change nothing
  --keys-only  deactivate their keys and leave them in the org (e.g. to remove them in the Console)
  --yes        do not ask (for scripts; without a terminal, --yes is required)
  --org ID     the org (default: the first one, see keyward orgs)
  --json       print JSON`,
  async run(args, io, cli) {
    const options = parseOffboardArgs(args)
    return runOffboard(options, io, { ...(await cli.review()), orgs: (await cli.orgAdmin()).orgs })
  },
}
