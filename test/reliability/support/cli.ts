import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The built CLI launcher, as a user runs it (tests need `npm run build` first). */
export const KEYWARD_BIN = resolve('bin/keyward')

/** Where every piece of text a test saw goes, so the leak scan can search it afterwards. */
export interface Transcript {
  add(where: string, text: string): void
}

/** A transcript that keeps everything in memory. */
export function memoryTranscript(): Transcript & { entries: { where: string; text: string }[] } {
  const entries: { where: string; text: string }[] = []
  return { entries, add: (where, text) => void entries.push({ where, text }) }
}

/** What a finished CLI run printed. */
export interface CliRun {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

/** How to run one CLI command. */
export interface CliOptions {
  readonly env: NodeJS.ProcessEnv
  readonly cwd?: string
  readonly input?: string
  /** Killed (SIGKILL) after this long; the run then reports signal SIGKILL. */
  readonly timeoutMs?: number
  readonly transcript?: Transcript
}

/** Runs `keyward ARGS…` to completion (bounded by `timeoutMs`, default 20 s). */
export function runKeyward(args: string[], options: CliOptions): Promise<CliRun> {
  const started = performance.now()
  return new Promise((done, fail) => {
    const child = spawn(KEYWARD_BIN, args, {
      env: options.env,
      cwd: options.cwd ?? process.cwd(),
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000)
    child.once('error', (error) => {
      clearTimeout(timer)
      fail(error)
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      const label = `keyward ${args.join(' ').slice(0, 80)}`
      options.transcript?.add(`${label} [argv]`, args.join(' '))
      options.transcript?.add(`${label} [stdout]`, stdout)
      options.transcript?.add(`${label} [stderr]`, stderr)
      done({ code, signal, stdout, stderr, ms: performance.now() - started })
    })
    child.stdin!.on('error', () => {})
    child.stdin!.end(options.input ?? '')
  })
}

/** Whether the built CLI has a command (others' commands land while this suite is written). */
export async function hasCommand(name: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const run = await runKeyward([name, '--help'], { env, timeoutMs: 10_000 })
  return run.code === 0 && !run.stderr.includes('unknown command')
}

/** A `keyward daemon --ui --json` started by a test. */
export interface Daemon {
  readonly url: string
  readonly origin: string
  readonly token: string
  readonly home: string
  readonly child: ChildProcess
  readonly socketPath: string
  /** Whether the daemon serves the key socket (the socket engineer's wiring). */
  readonly servesSocket: boolean
  output(): { stdout: string; stderr: string }
  /** POSTs one call to /rpc and returns the parsed result; the raw body goes to the transcript. */
  rpc(name: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>
  stop(): Promise<void>
}

/** Starts the daemon with `env` (which must hold KEYWARD_HOME) and waits for its URL and, briefly, its socket. */
export async function startDaemon(env: NodeJS.ProcessEnv, transcript?: Transcript, socketWaitMs = 3_000): Promise<Daemon> {
  const home = env.KEYWARD_HOME!
  const child = spawn(KEYWARD_BIN, ['daemon', '--ui', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`daemon did not print its URL in 20 s; stderr: ${stderr}`)), 20_000)
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      stdout += c
      const match = /"url":\s*"([^"]+)"/.exec(stdout)
      if (match) {
        clearTimeout(timer)
        done(match[1]!)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`daemon exited with ${code}; stderr: ${stderr}`))
    })
  })
  const origin = url.split('/#')[0]!
  const token = url.split('#token=')[1]!
  const socketPath = join(home, 'run', 'keyward.sock')
  const deadline = Date.now() + socketWaitMs
  while (!existsSync(socketPath) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  return {
    url,
    origin,
    token,
    home,
    child,
    socketPath,
    servesSocket: existsSync(socketPath),
    output: () => ({ stdout, stderr }),
    async rpc(name, input = {}) {
      const response = await fetch(`${origin}/rpc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-keyward-token': token },
        body: JSON.stringify({ name, input }),
      })
      const text = await response.text()
      transcript?.add(`http /rpc ${name}`, text)
      return JSON.parse(text) as { ok: boolean; value?: unknown; error?: { code: string; message: string } }
    },
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done()
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
        child.once('exit', () => {
          clearTimeout(timer)
          transcript?.add('daemon [stdout]', stdout)
          transcript?.add('daemon [stderr]', stderr)
          done()
        })
        child.kill('SIGTERM')
      }),
  }
}

/** The resident set size of a process in kB, from /proc (null where /proc is missing). */
export async function rssKb(pid: number): Promise<number | null> {
  const { readFile } = await import('node:fs/promises')
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null)
  const match = status ? /VmRSS:\s+(\d+)/.exec(status) : null
  return match ? Number(match[1]) : null
}
