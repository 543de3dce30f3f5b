import { type ParseArgsConfig, parseArgs } from 'node:util'
import { KeywardError, isKeywardError } from '../../shared/errors'
import { redactSecrets } from '../../shared/redact'
import { jsonForTerminal } from '../../shared/terminal-text'
import { EXIT, exitCodeFor } from './exit-codes'
import type { CliContext } from './cli-context'
import { type CliIO, writeExact } from './io'

/**
 * One CLI command: a summary for `keyward --help`, its own help, and a plain function that does the
 * work. `cli` is the process's one context: every vault, keychain, service and store a command uses
 * comes from it (cli-context.ts), never built by the command.
 */
export interface Command {
  readonly summary: string
  readonly help: string
  run(args: string[], io: CliIO, cli: CliContext): Promise<number>
}

type Options = NonNullable<ParseArgsConfig['options']>

/** Parses a command's flags strictly; unknown flags become an INVALID_INPUT error that names them. */
export function parseFlags<O extends Options>(args: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true })
  } catch (error) {
    throw new KeywardError('INVALID_INPUT', flagProblem(error))
  }
}

/**
 * Node's parseArgs errors in the CLI's one style for usage errors: the flag first, what is wrong,
 * then what to do, lower case and without a closing full stop ("--from needs a value, e.g. --from VALUE").
 */
export function flagProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: string }).code
  const flag = /'(-{1,2}[^' <]+)/.exec(message)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) return `unknown option ${flag}; --help lists the options`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag && /argument missing/.test(message)) return `${flag} needs a value, e.g. ${flag} VALUE`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) return `${flag} takes no value`
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /argument '([^']*)'/.exec(message)?.[1] ?? ''
    return `unexpected argument "${arg.slice(0, 40)}"; --help lists what this command takes`
  }
  return message.replace(/\.$/, '')
}

/** Prints one `keyward: …` line for a failure and returns its exit code; unexpected errors are redacted. */
export function reportFailure(io: CliIO, error: unknown): number {
  if (isKeywardError(error)) {
    io.stderr.write(`keyward: ${redactSecrets(error.message)}\n`)
    return exitCodeFor(error.code)
  }
  const text = error instanceof Error ? error.message : String(error)
  io.stderr.write(`keyward: unexpected error: ${redactSecrets(text)}\n`)
  return EXIT.FAILED
}

/**
 * Writes a value as one JSON document (for `--json`): exact data, with control and bidi characters
 * as JSON escapes. That text is terminal-safe already (the terminal guard would leave it as it is:
 * terminal-text.test.ts proves it for any value), so it goes around the guard, which would only scan
 * and copy it again (megabytes for a large org's usage).
 */
export function printJson(io: CliIO, value: unknown): void {
  // The newline is a write of its own: appended, it would make a second string of the whole
  // document, which V8 must flatten before encoding (~100 ms for the 13 MB of a large org's usage).
  writeExact(io, jsonForTerminal(value))
  writeExact(io, '\n')
}
