import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulator } from '../../electron/emulator'
import { KEYWARD_BIN, type RunningDaemon, startDaemon } from './daemon'
import { type ProcessResult, runProcess } from './run-process'

/*
 * Every surface of one Keyward, driven from outside as a user meets them: a real `keyward daemon
 * --ui --demo` (its dashboard procedures over /rpc), the built CLI in its own processes, and the
 * status line fed the JSON Claude Code writes. The surface suites read one figure through each and
 * compare; nothing here reaches into the core.
 */

/** One running daemon over a private data directory, and ways to reach it through each surface. */
export interface Surfaces {
  readonly daemon: RunningDaemon
  /** Holds the data directory, a private HOME and any project directories a test makes. */
  readonly root: string
  readonly dataDir: string
  /** Runs the built CLI; `tz` sets its TZ (default: the daemon's). */
  keyward(args: readonly string[], options?: { tz?: string; cwd?: string; input?: string }): Promise<ProcessResult>
  /** Runs the built CLI and parses its `--json` output, failing with its stderr when it fails. */
  keywardJson<T>(args: readonly string[], options?: { tz?: string; cwd?: string; input?: string }): Promise<T>
  /** Calls a dashboard procedure over the daemon's /rpc, as the renderer served by `--ui` does. */
  rpc<T>(name: string, input?: unknown): Promise<T>
  /** `keyward statusline` in `directory`, given Claude Code's stdin JSON for it. */
  statusline(directory: string, options?: { tz?: string; fields?: string }): Promise<string>
  /** Makes a directory under the root (a project). */
  makeDir(name: string): Promise<string>
  stop(): Promise<void>
}

/** Starts `keyward daemon --ui --demo` in `tz` over a fresh data directory (no schedule sync within a test's time). */
export async function startSurfaces(tz = 'UTC'): Promise<Surfaces> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'keyward-surfaces-')))
  const dataDir = join(root, 'data')
  const home = join(root, 'home')
  await mkdir(home, { recursive: true })
  const base: NodeJS.ProcessEnv = { ...process.env, KEYWARD_HOME: dataDir, HOME: home, TZ: tz, NO_COLOR: '1', LANG: 'en_US.UTF-8', KEYWARD_SYNC_INTERVAL_MINUTES: '60' }
  delete base.LC_ALL
  delete base.ANTHROPIC_API_KEY
  const daemon = await startDaemon(['--demo'], base)
  const env = (extra: { tz?: string } = {}): NodeJS.ProcessEnv => ({ ...base, ...(extra.tz !== undefined && { TZ: extra.tz }) })
  const keyward = (args: readonly string[], options: { tz?: string; cwd?: string; input?: string } = {}) =>
    runProcess(KEYWARD_BIN, args, { env: env(options), cwd: options.cwd ?? root, ...(options.input !== undefined && { input: options.input }) }).done
  return {
    daemon,
    root,
    dataDir,
    keyward,
    async keywardJson<T>(args: readonly string[], options = {}) {
      const result = await keyward(args, options)
      if (result.code !== 0) throw new Error(`keyward ${args.join(' ')} exited ${result.code}: ${result.stderr}`)
      return JSON.parse(result.stdout) as T
    },
    async rpc<T>(name: string, input: unknown = {}) {
      const response = await fetch(`${daemon.origin}/rpc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-keyward-token': daemon.token },
        body: JSON.stringify({ name, input }),
      })
      const result = (await response.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } }
      if (!result.ok) throw new Error(`${name}: ${result.error?.code} ${result.error?.message ?? 'failed'}`)
      return result.value as T
    },
    async statusline(directory, options = {}) {
      const input = JSON.stringify({
        session_id: 's',
        cwd: directory,
        workspace: { current_dir: directory, project_dir: directory, added_dirs: [] },
        model: { id: 'claude-opus-4-8', display_name: 'Opus' },
        version: '2.1.197',
      })
      const result = await keyward(['statusline', '--fields', options.fields ?? 'profile,today,month', '--separator', ' | '], { ...options, cwd: directory, input })
      if (result.code !== 0) throw new Error(`keyward statusline exited ${result.code}: ${result.stderr}`)
      return result.stdout.trim()
    },
    async makeDir(name) {
      const dir = join(root, 'code', name)
      await mkdir(dir, { recursive: true })
      return dir
    },
    async stop() {
      await daemon.stop()
      await rm(root, { recursive: true, force: true })
    },
  }
}

/** A key of the demo org that is in use now: its id, workspace and full (fake) secret. */
export interface DemoKey {
  readonly id: string
  readonly name: string
  readonly workspaceId: string
  readonly secret: string
}

/**
 * The demo org's keys in use now, in the order the emulator generates them. The daemon's demo
 * emulator starts from the same defaults (seed), so these are the same keys and secrets it serves.
 */
export async function demoKeysInUse(): Promise<DemoKey[]> {
  const emulator = await startEmulator({ runaway: {} })
  try {
    return emulator.state.apiKeys.filter((k) => k.wire.status === 'active' && k.usageEndHour === null).map((k) => ({ id: k.wire.id, name: k.wire.name, workspaceId: k.workspaceId, secret: k.secret }))
  } finally {
    await emulator.close()
  }
}

/** A page of an admin list procedure. */
export interface Page<T> {
  readonly items: T[]
  readonly nextCursor: string | null
}

/** Every item of a paged admin procedure over /rpc. */
export async function allPages<T>(surfaces: Surfaces, name: string, input: Record<string, unknown>): Promise<T[]> {
  const items: T[] = []
  let cursor: string | null = null
  do {
    const page: Page<T> = await surfaces.rpc<Page<T>>(name, { ...input, cursor, limit: 100 })
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== null)
  return items
}

/** Decimal places of the exact amounts every surface writes: micro-cents, a hundred-millionth of a dollar. */
const EXACT_DIGITS = 8

/** An exact decimal amount ("12.34567891") in hundred-millionths, as a bigint (no float anywhere). */
export function exactOf(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount)
  if (!match) throw new Error(`not a decimal amount: ${amount}`)
  const fraction = (match[3] ?? '').padEnd(EXACT_DIGITS, '0')
  if (/[1-9]/.test(fraction.slice(EXACT_DIGITS))) throw new Error(`more precise than a micro-cent: ${amount}`)
  const exact = BigInt(match[2]!) * 10n ** BigInt(EXACT_DIGITS) + BigInt(fraction.slice(0, EXACT_DIGITS))
  return match[1] === '-' ? -exact : exact
}

/** An exact amount (from `exactOf`) rounded half up to whole cents, as the screens and the status line show US dollars: "$1,234.56". */
export function dollars(exact: bigint): string {
  const perCent = 10n ** BigInt(EXACT_DIGITS - 2)
  const cents = (exact + perCent / 2n) / perCent
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `$${whole}.${(cents % 100n).toString().padStart(2, '0')}`
}

/** The calendar day of `ms` in `timeZone`, YYYY-MM-DD. */
export function dayIn(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms)
}

/** This month to date and today in `timeZone` at `ms`, as the CLI's --from/--to and the procedures' ranges take them. */
export function rangesAt(ms: number, timeZone: string): { month: { from: string; to: string; timeZone: string }; today: { from: string; to: string; timeZone: string } } {
  const today = dayIn(ms, timeZone)
  return { month: { from: `${today.slice(0, 8)}01`, to: today, timeZone }, today: { from: today, to: today, timeZone } }
}
