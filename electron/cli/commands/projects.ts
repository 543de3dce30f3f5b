import { systemTimeZone } from '../../../shared/calendar'
import type { ProjectsOverview } from '../../../shared/contract/projects.contract'
import { formatMoney, fromAmount } from '../../../shared/money'
import { formatProjectedRange } from '../../../shared/projection'
import type { ProjectsService } from '../../core/usage/projects/projects-service'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { safeValue } from '../../../shared/terminal-text'

/** What `keyward projects` was asked for. */
export interface ProjectsOptions {
  readonly timeZone: string
  readonly json: boolean
}

/** Parses `keyward projects [--tz ZONE] [--json]`. */
export function parseProjectsArgs(args: string[], env: NodeJS.ProcessEnv): ProjectsOptions {
  const { values } = parseFlags(args, { tz: { type: 'string' }, json: { type: 'boolean', default: false } }, false)
  return { timeZone: values.tz ?? env.TZ ?? systemTimeZone(), json: values.json }
}

/** The table `keyward projects` prints: one block per project. */
export function projectsText(overview: ProjectsOverview): string {
  if (overview.projects.length === 0) return 'No projects yet: bind a directory (keyward use PROFILE --dir DIR) or allow a .keyward.json (keyward allow --dir DIR).\n'
  const money = (amount: string): string => formatMoney(fromAmount(amount), { currency: overview.currency })
  const synced = overview.lastSyncedAt ? `usage synced ${overview.lastSyncedAt}` : 'usage never synced (run: keyward sync)'
  const lines = [`${overview.projects.length} project(s); spend in ${overview.timeZone}, ${synced}`]
  for (const p of overview.projects) {
    lines.push('', `${safeValue(p.directory)}${p.exists ? '' : '  (directory is gone)'}`)
    lines.push(
      `  profile    ${p.profile} (${p.source === 'binding' ? 'bound' : p.source === 'parent-binding' ? `bound at ${p.decidedBy}, which wins over its .keyward.json` : 'allowed .keyward.json'})`,
    )
    const file = p.projectFile
    if (file) lines.push(`  file       ${file.state}${file.profile ? `, proposes ${file.profile}` : ''}${file.reason ? `: ${safeValue(file.reason)}` : ''}`)
    const projection =
      p.spend.projected === null
        ? 'too early to project'
        : `month end projected ${formatProjectedRange(fromAmount(p.spend.projected.shownLow), fromAmount(p.spend.projected.shownHigh), { currency: overview.currency })}`
    lines.push(`  spend      today ${money(p.spend.today)}, month to date ${money(p.spend.monthToDate)}, ${projection}`)
    if (p.spend.shared) {
      lines.push(`  shared     keys shared with ${p.spend.shared.withProjects.join(', ')}: month to date ${money(p.spend.shared.monthToDate)} (counted once, not above)`)
    }
    const s = p.lastServed
    const caller = s ? [s.agent && `claims ${safeValue(s.agent)}`, s.executable && `${safeValue(s.executable)}${s.pid !== null ? ` (pid ${s.pid})` : ''}`].filter(Boolean).join(', ') : ''
    lines.push(`  last key   ${s ? `${s.at}, ${s.profile}${caller ? ` to ${caller}` : ''}${s.directory !== p.directory ? ` in ${safeValue(s.directory)}` : ''}` : 'never served here'}`)
  }
  return `${lines.join('\n')}\n`
}

/** Lists every bound directory and allowed project file with its spend and last key served. */
export async function runProjects(options: ProjectsOptions, io: CliIO, projects: ProjectsService): Promise<number> {
  const overview = await projects.list(options.timeZone)
  if (options.json) printJson(io, overview)
  else io.stdout.write(projectsText(overview))
  return EXIT.OK
}

/** `keyward projects`. */
export const projectsCommand: Command = {
  summary: 'list bound directories and allowed project files with their spend and last use',
  help: `Usage: keyward projects [--tz ZONE] [--json]

Lists every bound directory and every allowed .keyward.json: the profile served there, the state of
its project file (allowed, changed, pending, missing, ignored, invalid), the spend attributed to it
today and this month with a month-end projection, and when a key was last served there, to which
tool (as claimed, and the real executable and pid where the key socket recorded them).
Spend comes from the local usage cache (keyward sync updates it). A key bound to several
projects is listed as shared under each of them and counted in none, so nothing is counted twice.
Days are in your time zone (--tz, else $TZ, else the system's). Reads no key.
  --json   print {currency, lastSyncedAt, timeZone, projects: [...]}, amounts as exact decimals`,
  async run(args, io, cli) {
    return runProjects(parseProjectsArgs(args, io.env), io, await cli.projects())
  },
}
