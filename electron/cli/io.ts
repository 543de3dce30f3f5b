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

/** The unguarded stdout behind a guarded one, for output that is data and must stay exact (CSV). */
const exactWriters = new WeakMap<Writer, Writer>()

/**
 * `io` with its stdout and stderr behind the one rule for outside text (shared/terminal-text.ts):
 * every control and bidi character a command writes, other than the newlines and tabs of its own
 * layout, reaches the terminal in escape notation. runCli applies it once, around every command,
 * so no command and no line can forget it; `--json` passes through unchanged (printJson escapes
 * those characters the JSON way), and CSV goes around it with `writeExact`.
 */
export function terminalSafeIO(io: CliIO): CliIO {
  const guard = (writer: Writer): Writer => {
    const guarded: Writer = { write: (text: string) => writer.write(terminalSafeOutput(text)) }
    exactWriters.set(guarded, exactWriters.get(writer) ?? writer)
    return guarded
  }
  return { ...io, stdout: guard(io.stdout), stderr: guard(io.stderr) }
}

/** Writes data that must keep every character (CSV) to the real stdout, around the terminal guard. */
export function writeExact(io: CliIO, text: string): void {
  ;(exactWriters.get(io.stdout) ?? io.stdout).write(text)
}
