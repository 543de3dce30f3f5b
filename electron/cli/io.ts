/** Where a command reads and writes; the real process in production, buffers in tests. */
export interface CliIO {
  readonly stdout: { write(text: string): unknown }
  readonly stderr: { write(text: string): unknown }
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown }
  readonly env: NodeJS.ProcessEnv
  readonly cwd: string
}

/** The real process's streams, environment and working directory. */
export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() }
}
