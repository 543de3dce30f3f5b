import { spawn } from 'node:child_process'

/** How long the chained status line command may take before Keyward's segment is shown without it. */
export const CHAIN_TIMEOUT_MS = 5_000
const CHAIN_MAX_BYTES = 64 * 1024

/**
 * Runs the status line command that was there before Keyward (`keyward statusline --then CMD`):
 * through /bin/sh as Claude Code would, in `cwd`, with the same stdin, and answers the first line
 * it printed ('' when it printed nothing, failed or ran out of time; it is then killed, by its pid).
 */
export function runChained(command: string, input: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = CHAIN_TIMEOUT_MS): Promise<string> {
  return new Promise((done) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, env, stdio: ['pipe', 'pipe', 'ignore'] })
    let out = ''
    let settled = false
    const finish = (): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      done(out.split(/\r?\n/, 1)[0] ?? '')
    }
    const timer = setTimeout(() => {
      if (child.pid !== undefined && child.exitCode === null) child.kill('SIGKILL')
      finish()
    }, timeoutMs)
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      out = (out + chunk).slice(0, CHAIN_MAX_BYTES)
      if (out.includes('\n')) finish()
    })
    child.once('error', finish)
    child.once('close', finish)
    // A command that does not read its stdin closes the pipe early: that EPIPE is not an error here.
    child.stdin.on('error', () => {})
    child.stdin.end(input)
  })
}
