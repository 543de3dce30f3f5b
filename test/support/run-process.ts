import { type ChildProcess, spawn } from 'node:child_process'

/** What a finished process left: its exit code (-1 when a signal ended it) and everything it printed. */
export interface ProcessResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * Starts `command` with `input` piped on stdin and collects its output; `done` settles when it
 * exits. A `.cmd` launcher (Windows) runs through the shell, as Node requires for batch files.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; input?: string; detached?: boolean },
): { child: ChildProcess; done: Promise<ProcessResult> } {
  const child = spawn(command, args, { env: options.env, cwd: options.cwd ?? process.cwd(), stdio: ['pipe', 'pipe', 'pipe'], shell: command.endsWith('.cmd'), detached: options.detached ?? false })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
  const done = new Promise<ProcessResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
  child.stdin!.end(options.input ?? '')
  return { child, done }
}
