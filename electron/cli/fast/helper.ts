import type { ErrorCode } from '../../../shared/errors'
import { isKeyShaped } from '../../../shared/key-format'
import { resolveDataDir } from '../../core/platform/paths'
import { type KeyAnswer, askForKey, notAKey } from '../../core/serving/socket/socket-client'
import { socketLocation } from '../../core/serving/socket/socket-path'
import { findForwardedSocket } from '../../core/serving/forward/forwarded-location'
import type { Command } from '../command'
import { EXIT, EXIT_CODES_HELP, exitCodeFor } from '../exit-codes'
import type { CliIO } from '../io'

/*
 * `keyward helper`, whole: the full CLI's command table and the fast entry (helper-main.ts, which
 * bin/keyward runs as out/cli/helper/keyward) both use this file. Like everything in
 * electron/cli/fast/, it loads no zod, no contract and no SDK (the import-boundaries lint rule
 * holds it to that); the direct keychain path is loaded lazily, only when no daemon answers.
 */

/** What `keyward helper` was asked: optionally a profile to serve instead of the directory's binding. */
export interface HelperOptions {
  readonly profile?: string
}

/** The question the helper asks, over the socket or directly. */
export interface HelperRequest {
  readonly cwd: string
  readonly agent?: string
  readonly profile?: string
}

/** How the helper gets a key; tests swap both. */
export interface HelperDeps {
  /** Asks the running app or daemon; `absent` when none runs. */
  ask(request: HelperRequest): Promise<KeyAnswer>
  /** Resolves in this process with the real keychain, for when no app or daemon runs. */
  direct(request: HelperRequest): Promise<KeyAnswer>
}

/** A usage mistake, kept free of KeywardError so this file need not load zod. */
export class HelperUsageError extends Error {}

/** Parses `keyward helper` flags by hand (node:util's parseArgs is fine, but command.ts would bring zod). */
export function parseHelperArgs(args: string[]): HelperOptions {
  let profile: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--profile' || arg === '-p') {
      profile = args[++i]
      if (profile === undefined || profile.startsWith('-')) throw new HelperUsageError('--profile needs a profile name')
    } else if (arg.startsWith('--profile=')) profile = arg.slice('--profile='.length)
    else throw new HelperUsageError(`unexpected argument "${arg.slice(0, 40)}" for helper; usage: keyward helper [--profile NAME]`)
  }
  if (profile === '') throw new HelperUsageError('--profile needs a profile name')
  return profile === undefined ? {} : { profile }
}

/**
 * The real ways to get a key, in this order: a socket forwarded from a laptop named by
 * KEYWARD_SOCKET (then nothing else); this machine's app or daemon; the socket `keyward ssh`
 * forwarded to its well-known path (/tmp/keyward-forward-USER.sock), for a profile this machine
 * does not store itself; the keychain directly.
 */
export function defaultHelperDeps(env: NodeJS.ProcessEnv): HelperDeps {
  const dataDir = resolveDataDir(env)
  const forwarded = async (path: string, request: HelperRequest, preferStored = false) => (await import('./helper-forwarded')).askForwarded(dataDir, path, request, { preferStored })
  const explicit = env.KEYWARD_SOCKET ? env.KEYWARD_SOCKET : null
  return {
    ask: (request) => (explicit !== null ? forwarded(explicit, request) : askForKey(socketLocation(dataDir, env), request)),
    // keytar loads with require() (see cli.vite.config.ts).
    direct: async (request) => {
      const found = findForwardedSocket(env)
      const answer = found === null ? null : await forwarded(found.path, request, true)
      if (answer !== null && answer.kind !== 'absent') return answer
      return (await import('./helper-direct')).resolveDirectly(dataDir, request)
    },
  }
}

/**
 * Asks the app or daemon, else resolves directly; never throws (an unexpected failure becomes an
 * INTERNAL answer). Every path (socket, direct; the helper, exec and env) ends here, so this is
 * where a key is checked to be one line of a key format before anyone prints or exports it.
 */
export async function obtainKey(request: HelperRequest, deps: HelperDeps): Promise<KeyAnswer> {
  try {
    const asked = await deps.ask(request)
    const answer = asked.kind === 'absent' ? await deps.direct(request) : asked
    const checked = answer.kind === 'key' && !isKeyShaped(answer.key) ? notAKey(answer.profile) : answer
    return asked.kind === 'absent' && asked.warning !== undefined && checked.kind !== 'error' ? { ...checked, warning: asked.warning } : checked
  } catch (error) {
    return { kind: 'error', code: 'INTERNAL', message: `unexpected error: ${error instanceof Error ? error.message : String(error)}; run: keyward doctor` }
  }
}

/**
 * Prints the key for the working directory and exactly one newline, or one line on stderr that
 * names the directory and what to run, and a non-zero exit code. Nothing else is ever printed:
 * Claude Code takes the whole of stdout as the key.
 */
export async function runHelper(options: HelperOptions, io: CliIO, deps: HelperDeps = defaultHelperDeps(io.env)): Promise<number> {
  const request: HelperRequest = {
    cwd: io.cwd,
    ...(io.env.AI_AGENT ? { agent: io.env.AI_AGENT.slice(0, 256) } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
  }
  const answer = await obtainKey(request, deps)
  // A warning (an untrusted socket directory) goes to stderr only: stdout stays the key alone.
  if (answer.kind !== 'error' && answer.warning !== undefined) io.stderr.write(`${helperFailureLine(`warning: ${answer.warning}`, io.cwd)}\n`)
  if (answer.kind === 'key') {
    io.stdout.write(`${answer.key}\n`)
    return EXIT.OK
  }
  const message = answer.kind === 'absent' ? 'no Keyward app or daemon answered and the keychain could not be read; run: keyward doctor' : answer.message
  io.stderr.write(`${helperFailureLine(message, io.cwd)}\n`)
  return answer.kind === 'error' ? exitCodeFor(answer.code as ErrorCode) : EXIT.UNAVAILABLE
}

/**
 * The one stderr line Claude Code shows after `apiKeyHelper failed: exited N:`. It always names the
 * directory (the user may not know where Claude Code was started) and never spans two lines.
 */
export function helperFailureLine(message: string, cwd: string): string {
  const oneLine = message
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/sk-ant-[A-Za-z0-9_-]{8,}/g, 'sk-ant-[redacted]')
    .trim()
  return oneLine.includes(cwd) ? `keyward: ${oneLine}` : `keyward: in ${cwd}: ${oneLine}`
}

/** `keyward helper`: the command Claude Code's `apiKeyHelper` runs. */
export const helperCommand: Command = {
  summary: "print the key for this directory (Claude Code's apiKeyHelper)",
  help: `Usage: keyward helper [--profile NAME]

Prints the API key bound to the working directory (or its nearest bound parent, else the default
profile) and a newline, and nothing else. It asks the running app or daemon over its socket and,
when none runs, reads the keychain itself. On failure it prints one line on stderr naming the
directory and the command that fixes it, and exits non-zero.
  --profile NAME  serve this profile instead of the directory's binding
The agent recorded in the audit log comes from $AI_AGENT (Claude Code sets it).

${EXIT_CODES_HELP}`,
  run: async (args, io) => {
    try {
      return await runHelper(parseHelperArgs(args), io)
    } catch (error) {
      if (!(error instanceof HelperUsageError)) throw error
      io.stderr.write(`keyward: ${error.message}\n`)
      return EXIT.USAGE
    }
  },
}
