import { writeSync } from 'node:fs'
import { StatuslineUsageError, STDIN_TIMEOUT_MS, parseStatuslineArgs, runStatusline, statuslineCommand } from './statusline'
import { statuslineTimeZone } from '../../core/serving/statusline/local-zone'
import { oneLine } from '../../core/serving/statusline/statusline-format'
import { STDIN_MAX_BYTES } from '../../core/serving/statusline/statusline-input'
import type { CliIO } from '../io'
import { readStdinFd } from './statusline-stdin'

/*
 * `keyward statusline`, loaded by its entry (statusline-main.ts, out/cli/statusline/keyward-statusline.cjs)
 * after the compile cache is on: CommonJS without zod or the SDK, like the helper (helper-run.ts), because Claude
 * Code runs it at start and after every turn. stdin is read from fd 0 directly, the line written
 * with one writeSync, and the process exits at once (an abandoned stdin read or a chained command
 * still running are not waited for).
 */

delete process.env.ELECTRON_RUN_AS_NODE

const args = process.argv.slice(2)
if (args[0] === 'statusline') args.shift()

/** Writes all of `text` to fd 1; a full non-blocking pipe is retried, a closed one given up (the line has nowhere to go). */
function writeOut(text: string): void {
  let rest = Buffer.from(text)
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(1, rest))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return
    }
  }
}

const io: CliIO = {
  stdout: { write: writeOut },
  stderr: { write: (text: string) => void writeSync(2, text) },
  get stdin() {
    return process.stdin
  },
  env: process.env,
  cwd: process.cwd(),
}

if (args.includes('--help') || args.includes('-h')) {
  writeOut(`${statuslineCommand.help}\n`)
  process.exit(0)
} else {
  try {
    const options = parseStatuslineArgs(args, process.env)
    runStatusline(options, io, { readInput: () => readStdinFd(STDIN_MAX_BYTES, STDIN_TIMEOUT_MS), timeZone: statuslineTimeZone() }).then(
      () => process.exit(0),
      (error: unknown) => {
        writeOut(`${oneLine(`keyward: ${error instanceof Error ? error.message : String(error)}`, 120)}\n`)
        process.exit(0)
      },
    )
  } catch (error) {
    writeOut(`${oneLine(`keyward: ${error instanceof StatuslineUsageError ? error.message : 'unexpected error; run: keyward doctor'}`)}\n`)
    process.exit(0)
  }
}
