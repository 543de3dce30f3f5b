import { writeSync } from 'node:fs'
import { blockOnFileSystem } from '../../core/platform/fs/fs-async'
import { HelperUsageError, helperCommand, parseHelperArgs, runHelper } from './helper'
import type { CliIO } from '../io'

/*
 * `keyward helper`, bundled into its entry (helper-main.ts, out/cli/helper/keyward) as CommonJS
 * (Node starts CJS faster than ESM). Claude Code runs the helper at every session start and key
 * refresh, so it skips the full CLI and zod: only the socket client is loaded, plus the key service
 * (without zod) when no app or daemon answers. Measured in bench/run.js; each item below paid:
 * - stdout and stderr are written with writeSync on the descriptors: building process.stdout for a
 *   pipe costs milliseconds (it loads and sets up a net.Socket);
 * - the process exits as soon as the line is written, without waiting for the socket to close or
 *   the event loop to drain;
 * - without a daemon, the key service's file-system calls block (fs-async.ts): this process has
 *   nothing else to do meanwhile, and each thread-pool round trip cost it more than the call.
 */

/** Writes to fd 1 or 2 synchronously; if the descriptor is non-blocking and full, the rest goes through the stream. */
function fdWriter(fd: 1 | 2, stream: () => NodeJS.WriteStream, pending: Promise<void>[]): { write(text: string): void } {
  return {
    write(text) {
      let rest = Buffer.from(text)
      try {
        while (rest.length > 0) rest = rest.subarray(writeSync(fd, rest))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
        const remaining = rest
        pending.push(new Promise((resolve) => stream().write(remaining, () => resolve())))
      }
    },
  }
}

/** Runs `keyward helper` in this process: reads the arguments after `helper`, prints the key or one error line, and exits. */
export function runHelperProcess(): void {
  // As in main.ts: the packaged launcher's ELECTRON_RUN_AS_NODE is for this process only (one property delete).
  delete process.env.ELECTRON_RUN_AS_NODE
  blockOnFileSystem()

  const args = process.argv.slice(2)
  if (args[0] === 'helper') args.shift()
  const pending: Promise<void>[] = []
  const io: CliIO = {
    stdout: fdWriter(1, () => process.stdout, pending),
    stderr: fdWriter(2, () => process.stderr, pending),
    get stdin() {
      return process.stdin
    },
    env: process.env,
    cwd: process.cwd(),
  }

  const usage = (error: unknown): number => {
    io.stderr.write(`keyward: ${error instanceof HelperUsageError ? error.message : 'unexpected error; run: keyward doctor'}\n`)
    return error instanceof HelperUsageError ? 2 : 1
  }

  /** Exits once everything written has left this process. */
  const exit = (code: number): void => {
    if (pending.length === 0) process.exit(code)
    void Promise.all(pending).then(() => process.exit(code))
  }

  if (args.includes('--help') || args.includes('-h')) io.stdout.write(`${helperCommand.help}\n`)
  else {
    try {
      runHelper(parseHelperArgs(args), io).then(exit, (error: unknown) => exit(usage(error)))
    } catch (error) {
      exit(usage(error))
    }
  }
}
