import { requireTimeZone, systemTimeZone, zonedFields } from '../../../shared/calendar'
import { auditCsv, auditJson } from '../../../shared/audit-export'
import { type AuditEntry, AuditEventName, type AuditRow, type AuditTarget } from '../../../shared/contract/audit.contract'
import { KeywardError } from '../../../shared/errors'
import type { AuditLog } from '../../core/platform/audit/audit-log'
import { sinceInstant } from '../../core/platform/audit/audit-page'
import { escapeJsonForTerminal, safeValue } from '../../../shared/terminal-text'
import { type Command, parseFlags } from '../command'
import { EXIT } from '../exit-codes'
import { type CliIO, writeExact } from '../io'

/** What `keyward audit` was asked for; `limit` undefined means every matching row. */
export interface AuditOptions {
  readonly since: string | undefined
  readonly timeZone: string
  readonly profile: string | undefined
  readonly event: AuditEventName | undefined
  readonly limit: number | undefined
  readonly format: 'table' | 'json' | 'csv'
}

/** How many rows the table shows unless --limit says otherwise (a terminal is not an export). */
const TABLE_DEFAULT_LIMIT = 200

/** Parses `keyward audit` flags, checking the date (a real day), the zone and the event type before anything is read. */
export function parseAuditArgs(args: string[], env: NodeJS.ProcessEnv): AuditOptions {
  const { values } = parseFlags(
    args,
    {
      since: { type: 'string' },
      tz: { type: 'string' },
      profile: { type: 'string' },
      event: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
    },
    false,
  )
  if (values.json && values.csv) throw new KeywardError('INVALID_INPUT', '--json and --csv cannot be combined; pick one format')
  const timeZone = values.tz ?? env.TZ ?? systemTimeZone()
  requireTimeZone(timeZone, '--tz ')
  if (values.since !== undefined) {
    try {
      sinceInstant(values.since, timeZone)
    } catch {
      throw new KeywardError('INVALID_INPUT', `--since "${values.since.slice(0, 20)}" is not a valid date; give a real calendar day as YYYY-MM-DD (in your time zone, ${timeZone}), e.g. 2026-03-01`)
    }
  }
  const event = values.event === undefined ? undefined : AuditEventName.safeParse(values.event)
  if (event && !event.success) throw new KeywardError('INVALID_INPUT', `--event "${String(values.event).slice(0, 40)}" is not an audit event; use one of: ${AuditEventName.options.join(', ')}`)
  let limit: number | undefined
  if (values.limit !== undefined) {
    limit = /^\d{1,7}$/.test(values.limit) ? Number(values.limit) : 0
    if (limit < 1) throw new KeywardError('INVALID_INPUT', `--limit "${values.limit.slice(0, 20)}" is not a count; give a whole number of rows, 1 or more`)
  }
  const format = values.json ? 'json' : values.csv ? 'csv' : 'table'
  return { since: values.since, timeZone, profile: values.profile, event: event?.data, limit: limit ?? (format === 'table' ? TABLE_DEFAULT_LIMIT : undefined), format }
}

function localTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return safeValue(iso.slice(0, 30))
  const f = zonedFields(ms, timeZone)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${f.year}-${two(f.month)}-${two(f.day)} ${two(f.hour)}:${two(f.minute)}:${two(f.second)}`
}

function caller(e: AuditEntry): string {
  if (e.executable === undefined && e.pid === undefined) return ''
  return `${e.executable ?? '?'}${e.pid === undefined ? '' : ` (pid ${e.pid})`}`
}

const TARGET_WORD: Record<AuditTarget['kind'], string> = {
  apiKey: 'key',
  user: 'user',
  invite: 'invite',
  workspace: 'workspace',
  spendLimit: 'spend limit',
  budget: 'budget',
  channel: 'channel',
  finding: 'finding',
  org: 'org',
}

/** What an entry was about: its name as the action knew it, and the id when it differs ("key ci-deploy apikey_01…"). */
function targetText(t: AuditTarget): string {
  return `${TARGET_WORD[t.kind]} ${t.name && t.name !== t.id ? `${t.name} ${t.id}` : t.id}`
}

function tableLine(row: AuditRow, timeZone: string): string {
  if (row.kind === 'unreadable') return `unreadable line ${row.line} (${row.reason}): ${row.excerpt}\n`
  const e = row.entry
  const facts = [e.profile, e.directory, e.agent && `tool ${e.agent}`, caller(e) && `caller ${caller(e)}`, e.target && targetText(e.target), e.detail].filter((v): v is string => Boolean(v))
  return `${localTime(e.time, timeZone)}  ${safeValue(e.event).padEnd(17)}  ${facts.map(safeValue).join('  ')}\n`
}

/** Lists the audit log newest first (as a table, one JSON array or CSV), page by page so a large log never loads whole. */
export async function runAudit(options: AuditOptions, io: CliIO, audit: Pick<AuditLog, 'page'>): Promise<number> {
  const rows: AuditRow[] = []
  let cursor: string | undefined
  let more = false
  do {
    const want = options.limit === undefined ? 1000 : Math.min(1000, options.limit - rows.length)
    const page = await audit.page({ limit: want, cursor, since: options.since, timeZone: options.timeZone, profile: options.profile, event: options.event })
    rows.push(...page.rows)
    cursor = page.nextCursor ?? undefined
    more = cursor !== undefined
  } while (more && (options.limit === undefined || rows.length < options.limit))
  if (options.format === 'json') io.stdout.write(escapeJsonForTerminal(auditJson(rows)))
  else if (options.format === 'csv') writeExact(io, auditCsv(rows))
  else if (rows.length === 0) io.stdout.write('No audit entries match.\n')
  else {
    io.stdout.write(`Newest first; times in ${options.timeZone}.\n`)
    for (const row of rows) io.stdout.write(tableLine(row, options.timeZone))
    if (more) io.stdout.write(`(more entries: narrow with --since, --profile or --event, or show more with --limit N)\n`)
  }
  if (rows.some((r) => r.kind === 'unreadable'))
    io.stderr.write('keyward: some lines of the audit log could not be read (torn by a crash, or not written by Keyward); they are listed as unreadable and the rest is complete\n')
  return EXIT.OK
}

/** `keyward audit`. */
export const auditCommand: Command = {
  summary: 'list the local audit log (keys served, denials, vault, admin and rotation actions)',
  help: `Usage: keyward audit [--since YYYY-MM-DD] [--tz ZONE] [--profile NAME] [--event TYPE] [--limit N] [--json|--csv]

Lists the local audit log newest first: every key served (profile, directory, the tool it claims
to be, and the real calling process from the OS: executable and pid), key denials, vault changes,
admin actions, rotation steps and guard warnings. A line that cannot be read (torn by a crash,
or not written by Keyward) is listed as "unreadable line N" with a short excerpt; keys are never
shown. The table shows the newest ${TABLE_DEFAULT_LIMIT} rows unless --limit says otherwise; --json and --csv
export every matching row.
  --since    only entries from this day on (a calendar day in your time zone: --tz, else $TZ,
             else the system's)
  --profile  only entries about this profile
  --event    only this event type: ${AuditEventName.options.join(', ')}
  --json     print one JSON array (entries as logged; unreadable lines as {unreadable, line, reason, excerpt})
  --csv      print RFC 4180 CSV; a cell starting with = + - @ is prefixed with ' so that a
             spreadsheet does not run it as a formula`,
  run: async (args, io, cli) => runAudit(parseAuditArgs(args, io.env), io, (await cli.vault()).audit),
}
