import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The built CLI launcher, as a user would run it. */
export const KEYWARD_BIN = resolve('bin/keyward')

/** A `keyward daemon` started for a test, with its own data directory. */
export interface RunningDaemon {
  readonly url: string
  readonly origin: string
  readonly token: string
  readonly home: string
  readonly process: ChildProcess
  stop(): Promise<void>
}

/** Starts `keyward daemon --ui --json` on a free port and waits for the URL it prints; in UTC unless `env` names a zone (TZ). */
export async function startDaemon(extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<RunningDaemon> {
  const home = env.KEYWARD_HOME ?? (await mkdtemp(join(tmpdir(), 'keyward-e2e-')))
  const child = spawn(KEYWARD_BIN, ['daemon', '--ui', '--json', ...extraArgs], {
    env: { ...process.env, TZ: 'UTC', ...env, KEYWARD_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()))
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`daemon did not print its URL in 15 s; stderr: ${err}`)), 15_000)
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      try {
        const parsed = JSON.parse(out) as { url: string }
        clearTimeout(timer)
        resolvePromise(parsed.url)
      } catch {
        // not the whole document yet
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`daemon exited with ${code}; stderr: ${err}`))
    })
  })
  const origin = url.split('/#')[0]!
  const token = url.split('#token=')[1]!
  return {
    url,
    origin,
    token,
    home,
    process: child,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      }),
  }
}
