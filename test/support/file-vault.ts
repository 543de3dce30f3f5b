import { type ChildProcess, spawn } from 'node:child_process'
import { KEYWARD_BIN } from './daemon'
import { type ProcessResult, runProcess } from './run-process'

/** The passphrase the file-vault tests use (never a key; the leak scans look for it too). */
export const TEST_PASSPHRASE = 'correct horse battery staple 7'

/**
 * The environment of a machine with no D-Bus at all (no Secret Service can be reached), with its
 * own data dir, and the lowest scrypt work factor so that hundreds of vault rewrites stay fast.
 */
export function noDbusEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KEYWARD_HOME: home, KEYWARD_VAULT_SCRYPT_LOG_N: '10', ...extra }
  for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CREDENTIALS_DIRECTORY', 'AI_AGENT']) delete env[name]
  return env
}

/**
 * Runs the built `keyward ARGS…` with `input` on stdin, in a session of its own (no controlling
 * terminal, as on a server or in CI: a prompt on /dev/tty fails at once instead of waiting for a
 * person), and fails naming the command after 60 s rather than hanging the suite.
 */
export function keyward(args: string[], env: NodeJS.ProcessEnv, options: { input?: string; cwd?: string } = {}): Promise<ProcessResult> {
  const run = runProcess(KEYWARD_BIN, args, { env, ...(options.cwd !== undefined && { cwd: options.cwd }), input: options.input ?? '', detached: true })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      run.child.kill('SIGKILL')
      reject(new Error(`keyward ${args.join(' ')} did not finish in 60 s`))
    }, 60_000)
  })
  return Promise.race([run.done, timeout]).finally(() => clearTimeout(timer))
}

/** A `keyward daemon` of a test. */
export interface VaultDaemon {
  readonly process: ChildProcess
  readonly pid: number
  stderr(): string
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>
}

/** Starts `keyward daemon --json` and waits until its socket serves (its JSON line printed). */
export async function startVaultDaemon(env: NodeJS.ProcessEnv, args: string[] = []): Promise<VaultDaemon> {
  const child = spawn(KEYWARD_BIN, ['daemon', '--json', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the daemon did not start in 20 s; stderr: ${err}`)), 20_000)
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      try {
        JSON.parse(out)
        clearTimeout(timer)
        resolve()
      } catch {
        // not the whole document yet
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the daemon exited with ${code}; stderr: ${err}`))
    })
  })
  return {
    process: child,
    pid: child.pid!,
    stderr: () => err,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      }),
  }
}
