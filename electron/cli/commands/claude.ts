import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { KeywardError, isKeywardError } from '../../../shared/errors'
import { type SettingsTarget, setupApiKeyHelper, undoApiKeyHelper } from '../../core/platform/claude-settings/claude-settings'
import { resolveDataDir } from '../../core/platform/paths'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT, EXIT_CODES_HELP } from '../exit-codes'
import type { CliIO } from '../io'
import { quoteForShell } from '../shell-quote'
import { statusLineFor } from '../claude-statusline'
import { parseClaudeReportArgs, runClaudeReport } from './claude-report'
import { judgeApiKeyHelper } from './doctor-helper'
import { DIRECT_LAUNCHER, LEGACY_DIRECT_LAUNCHER, usableInterpreter } from '../launcher/direct-launcher'
import type { SettingsFileName } from '../../core/platform/claude-settings/settings-location'

/**
 * Where Claude Code's settings live: `user` (~/.claude/settings.json), `project`
 * (DIR/.claude/settings.json, which teams commit) or `local` (DIR/.claude/settings.local.json, this
 * machine's, not committed). Claude Code reads all three; local beats project, project beats user.
 */
export type ClaudeScope = 'user' | 'project' | 'local'
/** The scopes, in the order Claude Code lets them win (first wins). */
export const SCOPES_BY_PRECEDENCE: readonly ClaudeScope[] = ['local', 'project', 'user']

/** What `keyward claude setup` was asked. */
export interface ClaudeSetupOptions {
  readonly scope: ClaudeScope
  readonly dir: string
  readonly ttlMs?: number
  readonly undo: boolean
  readonly json: boolean
  /** Also set Claude Code's statusLine to `keyward statusline` (chaining one that is there). */
  readonly statusline?: boolean
}

/** Parses `keyward claude setup` flags; `--dir` defaults to the working directory. */
export function parseClaudeArgs(args: string[], io: CliIO): ClaudeSetupOptions {
  const { values, positionals } = parseFlags(args, {
    scope: { type: 'string', default: 'user' },
    dir: { type: 'string' },
    ttl: { type: 'string' },
    undo: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    statusline: { type: 'boolean', default: false },
  })
  if (positionals[0] !== 'setup' || positionals.length > 1)
    throw new KeywardError(
      'INVALID_INPUT',
      'usage: keyward claude setup [--scope user|project|local] [--dir DIR] [--ttl MS] [--statusline] [--undo], or keyward claude report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--org ID] [--tz ZONE] [--json]',
    )
  if (values.scope !== 'user' && values.scope !== 'project' && values.scope !== 'local')
    throw new KeywardError('INVALID_INPUT', `--scope must be user, project or local, not "${values.scope.slice(0, 20)}"`)
  const ttl = values.ttl === undefined ? undefined : Number(values.ttl)
  if (ttl !== undefined && (!Number.isSafeInteger(ttl) || ttl < 1)) throw new KeywardError('INVALID_INPUT', `--ttl must be a whole number of milliseconds, not "${values.ttl!.slice(0, 20)}"`)
  if (values.dir !== undefined && values.scope === 'user') throw new KeywardError('INVALID_INPUT', '--dir only applies to --scope project or --scope local')
  return { scope: values.scope, dir: resolve(io.cwd, values.dir ?? '.'), ...(ttl !== undefined && { ttlMs: ttl }), undo: values.undo, json: values.json, statusline: values.statusline }
}

/** The directory whose `.claude/` a scope means: `$HOME`, or the project directory. */
export function settingsBaseFor(scope: ClaudeScope, dir: string, env: NodeJS.ProcessEnv): string {
  return scope === 'user' ? env.HOME || homedir() : dir
}

/** The settings file's name under `.claude/` for a scope. */
export const settingsNameFor = (scope: ClaudeScope): SettingsFileName => (scope === 'local' ? 'settings.local.json' : 'settings.json')

/** The settings file for a scope: `$HOME/.claude/settings.json`, `<dir>/.claude/settings.json` or `<dir>/.claude/settings.local.json`. */
export function settingsFileFor(scope: ClaudeScope, dir: string, env: NodeJS.ProcessEnv): string {
  return join(settingsBaseFor(scope, dir, env), '.claude', settingsNameFor(scope))
}

/** The program a scope's settings name: `keyward` (found on PATH, wherever each teammate installed it) in the committed project file, else this machine's launcher. */
export function programFor(scope: ClaudeScope, launcher: string): string {
  return scope === 'project' ? 'keyward' : launcher
}

/**
 * The absolute path of the `keyward` launcher to put in settings: `$KEYWARD_LAUNCHER` (the packaged
 * app sets it); else the direct launcher beside the built CLI (`out/cli/helper/keyward`, whose `#!`
 * names the project's own Node: no shell start at each helper run) while that Node is still there;
 * else bin/keyward beside the built CLI (`out/cli/*.js` → `../../bin/keyward`).
 */
export function launcherPath(env: NodeJS.ProcessEnv, cwd: string, moduleUrl: string = import.meta.url): string {
  if (env.KEYWARD_LAUNCHER) return resolve(cwd, env.KEYWARD_LAUNCHER)
  const direct = fileURLToPath(new URL(`./${DIRECT_LAUNCHER}`, moduleUrl))
  return usableInterpreter(direct) !== null ? direct : shLauncherPath(moduleUrl)
}

/** bin/keyward beside the built CLI: what PATH finds as `keyward` (npm links it) and what setups before the direct launcher wrote. */
function shLauncherPath(moduleUrl: string): string {
  return fileURLToPath(new URL('../../bin/keyward', moduleUrl))
}

/**
 * This Keyward's launchers besides `launcher` (launcherPath's) that a setting may name and still be
 * ours: bin/keyward when the direct launcher is the one written, and the direct launcher's old place
 * (out/cli/launcher/keyward), which setups wrote before it moved beside the helper's entry.
 */
export function otherLaunchers(env: NodeJS.ProcessEnv, launcher: string, moduleUrl: string = import.meta.url): string[] {
  if (env.KEYWARD_LAUNCHER) return []
  return [shLauncherPath(moduleUrl), fileURLToPath(new URL(`./${LEGACY_DIRECT_LAUNCHER}`, moduleUrl))].filter((path) => path !== launcher)
}

/** The apiKeyHelper value: Claude Code runs it with `/bin/sh -c`, so a path with spaces or quotes is quoted. */
export function helperCommandLine(launcher: string, command = 'helper'): string {
  const quoted = /^[A-Za-z0-9_@%+=:,./-]+$/.test(launcher) ? launcher : quoteForShell('bash', launcher)
  return `${quoted} ${command}`
}

/** Writes (or with `undo`, takes back) Claude Code's apiKeyHelper setting. */
export async function runClaudeSetup(options: ClaudeSetupOptions, io: CliIO): Promise<number> {
  const target: SettingsTarget = { base: settingsBaseFor(options.scope, options.dir, io.env), dataDir: resolveDataDir(io.env), fileName: settingsNameFor(options.scope) }
  if (options.undo) {
    const result = await undoApiKeyHelper(target)
    if (options.json) printJson(io, result)
    else io.stdout.write(result.action === 'restored' ? `Restored ${result.file} as it was before keyward claude setup.\n` : `Removed ${result.file}, which keyward claude setup had created.\n`)
    return EXIT.OK
  }
  const launcher = launcherPath(io.env, io.cwd)
  if (!existsSync(launcher)) io.stderr.write(`keyward: warning: ${launcher} does not exist; set KEYWARD_LAUNCHER to the keyward command Claude Code should run\n`)
  const program = programFor(options.scope, launcher)
  if (options.scope === 'project') {
    // The committed file names `keyward`: say now if this machine's PATH does not find this Keyward under that name.
    const verdict = judgeApiKeyHelper('keyward helper', { launcher, alsoOurs: otherLaunchers(io.env, launcher), cwd: options.dir, env: io.env })
    if (!verdict.ours)
      io.stderr.write(
        `keyward: warning: the project settings run "keyward helper" from PATH, but here ${verdict.problem}; put this Keyward's launcher (${launcher}) on PATH as keyward, or use --scope local for this machine's absolute path\n`,
      )
  }
  const helper = helperCommandLine(program)
  const statusLine = options.statusline ? (previous: unknown, file: string) => statusLineFor(helperCommandLine(program, 'statusline'), previous, file) : undefined
  const result = await setupApiKeyHelper(target, helper, options.ttlMs, statusLine).catch((error: unknown) => {
    // Refused (a link, say ~/.claude/settings.json into a dotfiles repo): the user may still add the line where they mean it.
    if (isKeywardError(error) && error.code === 'NOT_ALLOWED')
      throw new KeywardError('NOT_ALLOWED', `${error.message}; or add "apiKeyHelper": ${JSON.stringify(helper)} by hand to the settings file you mean`)
    throw error
  })
  const file = result.file
  if (io.env.ANTHROPIC_API_KEY) {
    io.stderr.write("keyward: warning: ANTHROPIC_API_KEY is set in this shell; Claude Code would send it as x-api-key next to the helper's key; unset it (and remove it from your shell profile)\n")
  }
  const written = statusLine ? statusLine(result.previousStatusLine, file) : undefined
  if (options.json) {
    printJson(io, {
      file,
      apiKeyHelper: helper,
      ttlMs: options.ttlMs ?? null,
      backup: result.backup,
      created: result.created,
      previousHelper: result.previousHelper,
      ...(options.statusline && { statusLine: written ?? null, previousStatusLine: result.previousStatusLine ?? null }),
    })
  } else {
    io.stdout.write(`Claude Code will ask Keyward for its key: wrote "apiKeyHelper": ${JSON.stringify(helper)} to ${file}.\n`)
    if (options.statusline) {
      const chained = result.previousStatusLine !== undefined && JSON.stringify(written) !== JSON.stringify(result.previousStatusLine)
      io.stdout.write(
        `Claude Code's status line will show this directory's profile and spend: "statusLine": ${JSON.stringify(written)}${chained ? " (the status line that was there runs first; its first line is shown before Keyward's fields)" : ''}.\n`,
      )
    }
    if (options.ttlMs !== undefined) io.stdout.write(`Claude Code will reuse a key for ${options.ttlMs} ms (env.CLAUDE_CODE_API_KEY_HELPER_TTL_MS).\n`)
    if (options.scope === 'project') io.stdout.write('It runs keyward from PATH, so the file works on every machine where Keyward is installed: commit it for your team.\n')
    if (options.scope === 'local') io.stdout.write('This file is for this machine only (Claude Code reads it over the project and user settings): do not commit it.\n')
    if (options.scope !== 'user') io.stdout.write(`Claude Code reads this file only when started in ${options.dir} itself, not in a subdirectory.\n`)
    io.stdout.write(`Undo with: keyward claude setup${options.scope === 'user' ? '' : ` --scope ${options.scope} --dir ${quoteForShell('bash', options.dir)}`} --undo\n`)
  }
  return EXIT.OK
}

/** `keyward claude setup`: points Claude Code's apiKeyHelper at `keyward helper`. */
export const claudeCommand: Command = {
  summary: 'set up Claude Code to get its key from Keyward (apiKeyHelper); report who does what with it',
  help: `Usage: keyward claude setup [--scope user|project|local] [--dir DIR] [--ttl MS] [--statusline] [--undo] [--json]
       keyward claude report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--org ID] [--tz ZONE] [--json]

Writes "apiKeyHelper": "<keyward> helper" into Claude Code's settings, keeping every other setting and
their order: this machine's absolute path to keyward in the user and local settings, and plain
"keyward helper" (found on PATH) in the project settings a team commits, so the file works on every
machine where Keyward is installed (keyward doctor checks that PATH finds this Keyward). The first setup saves the original in Keyward's data directory
(claude-backups/), or notes there was none; --undo puts it back (or removes the file Keyward created).
A .claude directory or settings file that is a symbolic link, not yours, or not a regular file is
refused and left alone: Keyward never reads or writes through a repository's links.
  --scope user     ~/.claude/settings.json (default)
  --scope project  DIR/.claude/settings.json, to commit (Claude Code reads it only when started in DIR)
  --scope local    DIR/.claude/settings.local.json: this machine only, not committed; it wins over
                   the project and user settings (Claude Code's order: local, project, user)
  --dir DIR        the project directory for --scope project or local (default: the working directory)
  --ttl MS         also set env.CLAUDE_CODE_API_KEY_HELPER_TTL_MS (how long Claude Code reuses a key)
  --statusline     also set "statusLine": {"type": "command", "command": "<keyward> statusline"}, so
                   Claude Code shows this directory's profile and spend (see keyward statusline --help);
                   a command status line already there is kept and runs first:
                   "<keyward> statusline --then '<its command>'" shows its first line, then Keyward's
  --undo           restore the scope's settings file as it was before its first setup (statusLine included)
  --json           print what was written as JSON
The launcher path is bin/keyward beside this CLI, or $KEYWARD_LAUNCHER when set. keyward doctor says
which of the three settings is in effect for the working directory.

report: per person (a user's e-mail, or an API key's name) from the synced Claude Code report
(Admin API, kept with the usage by keyward sync): sessions, lines added and removed, commits, pull
requests, tool proposals (edit, multi-edit, write, notebook edit) accepted and rejected, and the
estimated cost (Claude Code's estimate at list prices, exact; the bill is keyward usage).
  --from, --to  first and last day (default: this month to today). The report has whole UTC days,
                so these are the UTC days with those dates, in any time zone
  --tz ZONE     the zone that "this month" and "today" are taken in (else $TZ, else the system's)
  --org ID      the org (default: the first one)
  --json        {"from", "to", "people": [{"actor", "sessions", "linesAdded", "linesRemoved",
                "commits", "pullRequests", "toolAccepted", "toolRejected", "cost"}]}, cost in dollars

${EXIT_CODES_HELP}`,
  run: async (args, io, cli) =>
    args[0] === 'report' ? runClaudeReport(parseClaudeReportArgs(args.slice(1), io.env), io, (await cli.usage()).claudeCode) : runClaudeSetup(parseClaudeArgs(args, io), io),
}
