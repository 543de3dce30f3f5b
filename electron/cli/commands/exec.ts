import { KeywardError } from '../../../shared/errors'
import type { Command } from '../command'
import { EXIT_CODES_HELP } from '../exit-codes'
import type { CliIO } from '../io'
import { commandExists } from '../find-on-path'
import { runInheritedChild } from '../run-child'
import { keyForWorkingDirectory } from '../served-key'

/** What `keyward exec` was asked: the command to run and, optionally, a profile to force. */
export interface ExecOptions {
  readonly command: string
  readonly args: string[]
  readonly profile?: string
}

/** Parses `keyward exec [--profile NAME] [--] CMD ARGS…`: everything from CMD on belongs to CMD. */
export function parseExecArgs(args: string[]): ExecOptions {
  let profile: string | undefined
  let i = 0
  for (; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--') {
      i++
      break
    }
    if (arg === '--profile') {
      profile = args[++i]
      if (profile === undefined) throw new KeywardError('INVALID_INPUT', '--profile needs a profile name')
    } else if (arg.startsWith('--profile=')) profile = arg.slice('--profile='.length)
    else if (arg.startsWith('-')) throw new KeywardError('INVALID_INPUT', `unknown option ${arg.slice(0, 40)} for exec; put the command after --: keyward exec -- CMD ARGS…`)
    else break
  }
  if (profile === '') throw new KeywardError('INVALID_INPUT', '--profile needs a profile name')
  const [command, ...rest] = args.slice(i)
  if (command === undefined) throw new KeywardError('INVALID_INPUT', 'exec needs a command: keyward exec -- CMD ARGS…')
  return { command, args: rest, ...(profile !== undefined && { profile }) }
}

/**
 * Runs the command with ANTHROPIC_API_KEY set for the working directory's profile (in the
 * environment only, never in argv) and ANTHROPIC_AUTH_TOKEN removed, with inherited stdio. Returns
 * the child's exit code, 128+n when a signal killed it, 127/126 when it cannot be started. A
 * command not found is said (exit 127) before any key is read, so it is never audited as served.
 */
export async function runExec(options: ExecOptions, io: CliIO, getKey = keyForWorkingDirectory): Promise<number> {
  if (!commandExists(options.command, io.env, io.cwd)) {
    io.stderr.write(`keyward: cannot run ${options.command}: command not found${options.command.includes('/') ? '' : ' on PATH'}; no key was read\n`)
    return 127
  }
  const served = await getKey(io, { profile: options.profile, agent: `keyward exec ${options.command.split('/').pop()!.slice(0, 60)}` })
  const env: NodeJS.ProcessEnv = { ...io.env, ANTHROPIC_API_KEY: served.key }
  if (env.ANTHROPIC_AUTH_TOKEN !== undefined) {
    delete env.ANTHROPIC_AUTH_TOKEN
    io.stderr.write(`keyward: removed ANTHROPIC_AUTH_TOKEN from ${options.command}'s environment so it sends only profile ${served.profile}'s key\n`)
  }
  return runInheritedChild(options.command, options.args, io, { env, notFound: 'command not found' })
}

/** `keyward exec`: runs any tool with the directory's key. */
export const execCommand: Command = {
  summary: 'run a command with ANTHROPIC_API_KEY set for this directory',
  help: `Usage: keyward exec [--profile NAME] -- CMD [ARGS…]

Runs CMD with ANTHROPIC_API_KEY set to the key bound to the working directory (in the environment,
never in the command line) and ANTHROPIC_AUTH_TOKEN removed (said on stderr when it was set), so the
tool sends exactly one credential. stdin, stdout and stderr are CMD's own. keyward exits with CMD's
exit code, 128+N when a signal N killed it, 127 when CMD is not found, 126 when it cannot run.
SIGTERM, SIGHUP and SIGQUIT are passed on to CMD; Ctrl-C reaches CMD directly.
  --profile NAME  use this profile instead of the directory's binding

${EXIT_CODES_HELP}`,
  run: (args, io) => runExec(parseExecArgs(args), io),
}
