import { PassThrough } from 'node:stream'
import { type Command, reportFailure } from './command'
import { createCliContext } from './cli-context'
import type { CliIO } from './io'

/** How a test's CliIO is set up: what stdin holds (or a fake TTY), the environment and the working directory. */
export interface BufferIOOptions {
  readonly input?: string
  readonly tty?: boolean
  readonly env?: NodeJS.ProcessEnv
}

/** A CliIO over buffers; `stdin` is a pipe holding `input` (or a fake TTY when `tty`), so nothing waits on a real terminal. */
export function createBufferIO(cwd: string, { input = '', tty = false, env = {} }: BufferIOOptions = {}) {
  const out: string[] = []
  const err: string[] = []
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean; setRawMode?: (m: boolean) => unknown }
  if (tty) {
    stdin.isTTY = true
    stdin.setRawMode = () => stdin
  } else stdin.end(input)
  const io: CliIO = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, stdin, env, cwd }
  return { io, stdin, out: () => out.join(''), err: () => err.join('') }
}

/** Runs a command function the way main.ts does: failures become one `keyward: …` line and an exit code. */
export async function runReported(io: CliIO, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn()
  } catch (error) {
    return reportFailure(io, error)
  }
}

/** Runs `command ARGS` as main.ts does, with its own CLI context over buffers, closed afterwards; no terminal. */
export async function runCliCommand(command: Command, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const { io, out, err } = createBufferIO(cwd, { env })
  const cli = createCliContext(io)
  let code: number
  try {
    code = await runReported(io, () => command.run(args, io, cli))
  } finally {
    await cli.close()
  }
  return { code, out: out(), err: err() }
}
