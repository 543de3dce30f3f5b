import { KeywardError } from '../../../shared/errors'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT, EXIT_CODES_HELP } from '../exit-codes'
import type { CliIO } from '../io'
import { keyForWorkingDirectory } from '../served-key'
import { SHELLS, type Shell, defaultShell, exportLines } from '../shell-quote'

/** What `keyward env` was asked. */
export interface EnvOptions {
  readonly shell: Shell
  readonly json: boolean
  readonly profile?: string
}

/** Parses `keyward env` flags. */
export function parseEnvArgs(args: string[], env: NodeJS.ProcessEnv): EnvOptions {
  const { values } = parseFlags(args, { shell: { type: 'string' }, json: { type: 'boolean', default: false }, profile: { type: 'string' } }, false)
  const shell = values.shell ?? defaultShell(env)
  if (!(SHELLS as readonly string[]).includes(shell)) throw new KeywardError('INVALID_INPUT', `--shell must be one of ${SHELLS.join(', ')}, not "${shell.slice(0, 20)}"`)
  return { shell: shell as Shell, json: values.json, ...(values.profile !== undefined && { profile: values.profile }) }
}

/**
 * Prints the lines that export the working directory's key (and unset ANTHROPIC_AUTH_TOKEN, which
 * would make SDKs send a second credential), for `eval` or direnv's `.envrc`.
 */
export async function runEnv(options: EnvOptions, io: CliIO, getKey = keyForWorkingDirectory): Promise<number> {
  const served = await getKey(io, { profile: options.profile, agent: 'keyward env' })
  if (options.json) printJson(io, { profile: served.profile, set: { ANTHROPIC_API_KEY: served.key }, unset: ['ANTHROPIC_AUTH_TOKEN'] })
  else io.stdout.write(exportLines(options.shell, { ANTHROPIC_API_KEY: served.key }, ['ANTHROPIC_AUTH_TOKEN']))
  return EXIT.OK
}

/** `keyward env`: export lines for direnv and shells. */
export const envCommand: Command = {
  summary: 'print shell lines that export ANTHROPIC_API_KEY for this directory (for direnv)',
  help: `Usage: keyward env [--shell bash|zsh|fish] [--json] [--profile NAME]

Prints the lines that set ANTHROPIC_API_KEY to the key bound to the working directory and unset
ANTHROPIC_AUTH_TOKEN (so tools send one credential). In direnv's .envrc:
    eval "$(keyward env)"
  --shell NAME    quote for bash, zsh or fish (default: from $SHELL, else bash)
  --json          print {"profile", "set": {...}, "unset": [...]} instead
  --profile NAME  use this profile instead of the directory's binding

${EXIT_CODES_HELP}`,
  run: (args, io) => runEnv(parseEnvArgs(args, io.env), io),
}
