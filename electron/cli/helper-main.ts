import { HelperUsageError, helperCommand, parseHelperArgs, runHelper } from './commands/helper'
import type { CliIO } from './io'

/*
 * The entry bin/keyward runs for `keyward helper`: out/cli/helper/keyward-helper.cjs, one CommonJS
 * file (Node starts CJS faster than ESM). Claude Code runs the helper at every session start and key
 * refresh, so it skips the full CLI and zod: only the socket client is loaded, plus the vault when
 * no app or daemon answers.
 */

const args = process.argv.slice(2)
if (args[0] === 'helper') args.shift()
// Not processIO(): touching process.stdin builds a stream the helper never reads, at a cost of milliseconds.
const io: CliIO = {
  stdout: process.stdout,
  stderr: process.stderr,
  get stdin() {
    return process.stdin
  },
  env: process.env,
  cwd: process.cwd(),
}

function usage(error: unknown): number {
  io.stderr.write(`keyward: ${error instanceof HelperUsageError ? error.message : 'unexpected error; run: keyward doctor'}\n`)
  return error instanceof HelperUsageError ? 2 : 1
}

if (args.includes('--help') || args.includes('-h')) io.stdout.write(`${helperCommand.help}\n`)
else {
  try {
    runHelper(parseHelperArgs(args), io).then(
      (code) => (process.exitCode = code),
      (error: unknown) => (process.exitCode = usage(error)),
    )
  } catch (error) {
    process.exitCode = usage(error)
  }
}
