import { statSync } from 'node:fs'
import { systemTimeZone } from '../../../shared/calendar'
import { createServingConfigReader } from '../../core/platform/config/serving-config'
import { checkDataDir, resolveDataDir } from '../../core/platform/paths'
import { type MemoLine, memoKey, recallLine, rememberLine } from '../../core/serving/statusline/line-memo'
import { gatherFacts } from '../../core/serving/statusline/statusline-facts'
import { DEFAULT_LAYOUT, STATUSLINE_FIELDS, type StatuslineLayout, formatParts, joinParts, oneLine, parseFields } from '../../core/serving/statusline/statusline-format'
import type { EstimatesStore } from '../../core/usage/estimates/estimates'
import { recordSessionEstimate } from '../../core/serving/statusline/session-estimate'
import { STDIN_MAX_BYTES, parseStatuslineInput } from '../../core/serving/statusline/statusline-input'
import type { Command } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { readStdinStream } from './statusline-stdin'

/*
 * `keyward statusline`, whole: the full CLI's command table and the fast entry (statusline-main.ts,
 * out/cli/statusline/keyward-statusline.cjs) both use this file. Claude Code runs the line after
 * every turn, so like everything in electron/cli/fast/ it loads no zod, no contract and no SDK.
 */

/** What `keyward statusline` was asked. */
export interface StatuslineOptions {
  readonly layout: StatuslineLayout
  /** The status line command that was there before Keyward, run first (see statusline-chain.ts). */
  readonly then?: string
}

/** How long stdin is waited for: Claude Code writes its object at once. */
export const STDIN_TIMEOUT_MS = 250

/** A usage mistake (kept free of KeywardError so this path need not load zod). */
export class StatuslineUsageError extends Error {}

/** Parses flags by hand; `KEYWARD_STATUSLINE_FIELDS` and `KEYWARD_STATUSLINE_SEPARATOR` are the defaults the flags override. */
export function parseStatuslineArgs(args: string[], env: NodeJS.ProcessEnv): StatuslineOptions {
  let fields: string | undefined = env.KEYWARD_STATUSLINE_FIELDS
  let separator: string | undefined = env.KEYWARD_STATUSLINE_SEPARATOR
  let then: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const eq = arg.indexOf('=')
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg
    const value = (): string => {
      const v = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : args[++i]
      if (v === undefined) throw new StatuslineUsageError(`${name} needs a value`)
      return v
    }
    if (name === '--fields') fields = value()
    else if (name === '--separator') separator = value()
    else if (name === '--then') then = value()
    else throw new StatuslineUsageError(`unexpected argument "${arg.slice(0, 40)}" for statusline; usage: keyward statusline [--fields LIST] [--separator TEXT] [--then COMMAND]`)
  }
  let layoutFields = DEFAULT_LAYOUT.fields
  if (fields !== undefined) {
    try {
      layoutFields = parseFields(fields)
    } catch (error) {
      throw new StatuslineUsageError(`--fields (or KEYWARD_STATUSLINE_FIELDS): ${(error as Error).message}`)
    }
  }
  if (then !== undefined && then.trim() === '') throw new StatuslineUsageError('--then needs the command to run first')
  return { layout: { fields: layoutFields, separator: separator ?? DEFAULT_LAYOUT.separator }, ...(then !== undefined && { then }) }
}

/** What the status line reads; tests fix the clock, the time zone and the input. */
export interface StatuslineDeps {
  readonly readInput: () => Promise<string>
  readonly now?: () => Date
  readonly timeZone?: string
  readonly locale?: string
  readonly runChained?: (command: string, input: string) => Promise<string>
  /** Where the session's estimate is recorded (default: the data directory's month files). */
  readonly estimates?: EstimatesStore
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/**
 * The line for the input's directory (or `io.cwd` when the input names none); never throws: a
 * failure becomes a short `keyward: …` text. The session's figure from the input is recorded as an
 * estimate against the profile and project the line is for (core/usage/estimates/).
 */
export async function statuslineText(options: StatuslineOptions, io: CliIO, input: string, deps: StatuslineDeps): Promise<string> {
  const dataDir = resolveDataDir(io.env)
  const parsed = parseStatuslineInput(input)
  const live = { sessionCost: parsed.sessionCost, env: io.env }
  const now = (deps.now ?? (() => new Date()))()
  try {
    // As the helper does: a data directory another user could swap is refused before anything in it is read.
    checkDataDir(dataDir)
  } catch (error) {
    return oneLine(`keyward: ${error instanceof Error ? error.message : String(error)}`, 160)
  }
  const named = parsed.directory
  // A directory Claude Code named that is gone (or not a directory) gets no key: the process's own
  // directory could be another project, bound to another key, and naming that one would mislead.
  if (named !== null && !isDirectory(named)) {
    const gone = { profile: { none: 'no-directory' as const, message: `${named} does not exist` }, spend: null, budget: null, stale: null }
    return joinParts(formatParts(gone, options.layout, now.getTime(), deps.locale), live, options.layout.separator)
  }
  const directory = named ?? io.cwd
  const key = memoKey(dataDir, directory, [options.layout, deps.timeZone ?? null, deps.locale ?? null], io.env, now)
  let memo: MemoLine | null = recallLine(dataDir, key, now.getTime())
  if (memo === null) {
    try {
      const facts = await gatherFacts(directory, { dataDir, readConfig: createServingConfigReader(dataDir), now, timeZone: deps.timeZone ?? systemTimeZone(), env: io.env })
      const who = 'name' in facts.profile ? { profile: facts.profile.name, project: facts.profile.project ?? null } : null
      memo = { parts: formatParts(facts, options.layout, now.getTime(), deps.locale), who }
    } catch (error) {
      memo = { parts: [oneLine(`keyward: ${error instanceof Error ? error.message : String(error)}`, 120)], who: null }
    }
    await rememberLine(dataDir, key, memo, now.getTime())
  }
  await recordSessionEstimate(dataDir, parsed, memo.who, now, deps.estimates)
  return joinParts(memo.parts, live, options.layout.separator)
}

/** Prints the one status line (after the chained command's first line, if any) and exits 0, always. */
export async function runStatusline(options: StatuslineOptions, io: CliIO, deps: StatuslineDeps): Promise<number> {
  const input = await deps.readInput()
  const chained = options.then === undefined ? Promise.resolve('') : (deps.runChained ?? defaultChain(io))(options.then, input)
  const [theirs, ours] = await Promise.all([chained, statuslineText(options, io, input, deps)])
  const before = oneLine(theirs, 400)
  io.stdout.write(`${before === '' ? ours : `${before}${options.layout.separator}${ours}`}\n`)
  return EXIT.OK
}

function defaultChain(io: CliIO): (command: string, input: string) => Promise<string> {
  return async (command, input) => (await import('./statusline-chain')).runChained(command, input, io.cwd, io.env)
}

/** `keyward statusline`: the command for Claude Code's `statusLine` setting. */
export const statuslineCommand: Command = {
  summary: "print this directory's profile and its spend in one line (Claude Code's statusLine)",
  help: `Usage: keyward statusline [--fields LIST] [--separator TEXT] [--then COMMAND]

Prints one line for Claude Code's status line: the profile this directory gets (or "no key bound
here"), that key's spend today and this month from the local usage cache, the month-end
projection (over the complete hours only), the fullest budget that covers it, and "stale" when the
figures are old. It reads the JSON Claude Code writes on stdin (workspace.current_dir, cwd, session_id,
cost.total_cost_usd; anything else is ignored; without a directory the working directory is used, and a
directory that does not exist gets no key). Each run records the session's cost so far as an estimate
against the profile and project it shows (keyward usage --estimated adds them up). It never makes a network call, never prints key material, and
always exits 0 (a problem becomes a short "keyward: ..." text).
  --fields LIST      which fields, in which order, comma-separated (default: all, in this order):
                     ${STATUSLINE_FIELDS.join(',')}
                       profile     the profile's name, "(default)" when it is the default profile
                       env         "ANTHROPIC_API_KEY in env overrides keyward" when ANTHROPIC_AUTH_TOKEN
                                   or ANTHROPIC_API_KEY is set in Claude Code's environment: Claude
                                   Code uses them before apiKeyHelper (the value is never shown)
                       today       spend of the key today (in your time zone)
                       month       spend of the key this calendar month
                       session     "$1.23 this session": Claude Code's own estimate of this session's
                                   cost (cost.total_cost_usd), beside the key's spend from the server
                       projection  "~$X by month-end" at this month's pace (from the second day on)
                       budget      the fullest local budget covering the key, its profile or project
                       shared      "key shared by N projects" when several bound projects use the key:
                                   the spend shown is then the key's, which cannot be split by project
                       stale       "stale: data as of 14:00" when the service's figures (its
                                   data_refreshed_at, as of the last sync) are older than twice the sync
                                   interval (KEYWARD_SYNC_INTERVAL_MINUTES) or 15 minutes, plus the
                                   hour the hourly reports normally trail by; before the
                                   service has said it, "stale: synced N h ago" by the last sync
                     Fields with nothing to say are left out with their separator.
  --separator TEXT   between fields (default " · ")
  --then COMMAND     run COMMAND (a shell command line) first with the same stdin and show its first
                     line before Keyward's fields (keyward claude setup --statusline writes this when
                     a status line was already set)
KEYWARD_STATUSLINE_FIELDS and KEYWARD_STATUSLINE_SEPARATOR set the same as the flags (the flags win).
Example: keyward statusline --fields profile,today,stale --separator ' | '

Exit code: 0 always, even when there is nothing to show; a wrong flag is shown as the line.`,
  run: async (args, io) => {
    let options: StatuslineOptions
    try {
      options = parseStatuslineArgs(args, io.env)
    } catch (error) {
      if (!(error instanceof StatuslineUsageError)) throw error
      // On stdout, as the line: Claude Code shows nothing of stderr, so this is where the user sees it.
      io.stdout.write(`${oneLine(`keyward: ${error.message}`)}\n`)
      return EXIT.OK
    }
    return runStatusline(options, io, { readInput: () => readStdinStream(io.stdin, STDIN_MAX_BYTES, STDIN_TIMEOUT_MS) })
  },
}
