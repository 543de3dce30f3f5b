import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import type { CliIO } from './io'

/** Signals keyward passes on to the child; SIGINT from a terminal already reaches the whole process group. */
const FORWARDED = ['SIGTERM', 'SIGHUP', 'SIGQUIT'] as const

/**
 * Runs `command` with inherited stdio in `io.cwd` and the given environment, passing on the signals
 * keyward receives and ignoring the terminal's SIGINT (the child gets it and decides). Returns the
 * child's exit code, 128+N when signal N ended it, 127 when the command is not found (said as
 * `notFound`) and 126 when it cannot be started.
 */
export async function runInheritedChild(command: string, args: string[], io: CliIO, { env, notFound }: { env: NodeJS.ProcessEnv; notFound: string }): Promise<number> {
  const child = spawn(command, args, { stdio: 'inherit', env, cwd: io.cwd })
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  const ignoreInterrupt = () => {}
  for (const signal of FORWARDED) process.on(signal, forward)
  process.on('SIGINT', ignoreInterrupt)
  try {
    return await new Promise<number>((resolve) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        io.stderr.write(`keyward: cannot run ${command}: ${error.code === 'ENOENT' ? notFound : error.message}\n`)
        resolve(error.code === 'ENOENT' ? 127 : 126)
      })
      child.once('exit', (exitCode, signal) => resolve(exitCode ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)))
    })
  } finally {
    for (const signal of FORWARDED) process.off(signal, forward)
    process.off('SIGINT', ignoreInterrupt)
  }
}
