import { terminalSafeOutput } from '../../shared/terminal-text'
import { quietOnClosedPipe } from './closed-pipe'

/** Where a command reads and writes; the real process in production, buffers in tests. */
export interface CliIO {
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown }
  readonly env: NodeJS.ProcessEnv
  readonly cwd: string
}

/** The real process's streams (ending quietly when the reader closes the pipe), environment and working directory. */
export function processIO(): CliIO {
  return { stdout: quietOnClosedPipe(process.stdout), stderr: quietOnClosedPipe(process.stderr), stdin: process.stdin, env: process.env, cwd: process.cwd() }
}

type Writer = CliIO['stdout']

/** The unguarded stdout behind a guarded one, for output that is data and must stay exact (CSV) or is terminal-safe already (JSON). */
const exactWriters = new WeakMap<Writer, Writer>()

/**
 * `io` with its stdout and stderr behind the one rule for outside text (shared/terminal-text.ts):
 * every control and bidi character a command writes, other than the newlines and tabs of its own
 * layout, reaches the terminal in escape notation. runCli applies it once, around every command,
 * so no command and no line can forget it. Text that is safe or exact by its own rule goes around
 * it with `writeExact`: `--json` (printJson escapes those characters the JSON way, so the guard
 * would change nothing) and CSV (data that must keep every character).
 */
export function terminalSafeIO(io: CliIO): CliIO {
  const guard = (writer: Writer): Writer => {
    const guarded: Writer = { write: (text: string) => writer.write(terminalSafeOutput(text)) }
    exactWriters.set(guarded, exactWriters.get(writer) ?? writer)
    return guarded
  }
  return { ...io, stdout: guard(io.stdout), stderr: guard(io.stderr) }
}

/** Writes to the real stdout, around the terminal guard: data that must keep every character (CSV), or JSON from printJson. */
export function writeExact(io: CliIO, text: string): void {
  ;(exactWriters.get(io.stdout) ?? io.stdout).write(text)
}
