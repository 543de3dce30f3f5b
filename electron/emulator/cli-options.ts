/**
 * What `keyward emulator [--port N] [--seed N] [--keys N] [--days N] [--people N] [--revisions-every MIN] [--cursor-ttl MIN]` needs from the emulator:
 * a flag parser into `EmulatorOptions` and the lines to print once it listens. The command file
 * itself lives with the CLI; this keeps the parsing testable next to the emulator.
 */
import type { EmulatorOptions } from './server'

/** Flag → option, with the accepted range. */
const FLAGS = {
  '--port': { key: 'port', min: 0, max: 65535 },
  '--seed': { key: 'seed', min: 0, max: 2 ** 31 - 1 },
  '--keys': { key: 'keys', min: 1, max: 20000 },
  '--days': { key: 'days', min: 1, max: 365 },
  '--runaway': { key: 'runaway', min: 1, max: 24 },
  '--people': { key: 'people', min: 1, max: 20000 },
  '--revisions-every': { key: 'revisionsEvery', min: 1, max: 1440 },
  '--cursor-ttl': { key: 'cursorTtl', min: 1, max: 1440 },
} as const

type Flagged = (typeof FLAGS)[keyof typeof FLAGS]['key']

/**
 * Parses `--port N --seed N --keys N --days N --people N --runaway H --revisions-every MIN --cursor-ttl MIN`
 * (also `--flag=N`; `--runaway H` stages a runaway-script hour H hours ago; `--revisions-every` is
 * the minutes between refreshes, `--cursor-ttl` how many minutes a report cursor lives); throws an
 * Error with one actionable line on bad input.
 */
export function parseEmulatorArgs(argv: readonly string[]): Pick<EmulatorOptions, 'port' | 'seed' | 'keys' | 'days' | 'people' | 'runaway' | 'revisions' | 'cursorTtlMs'> {
  const out: Partial<Record<Flagged, number>> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    const [flag = '', inline] = arg.split('=', 2)
    const spec = FLAGS[flag as keyof typeof FLAGS]
    if (!spec) throw new Error(`Unknown option ${JSON.stringify(arg.slice(0, 40))}; use --port, --seed, --keys, --days, --people, --runaway, --revisions-every or --cursor-ttl.`)
    const raw = inline ?? argv[++i]
    const n = Number(raw)
    if (raw === undefined || raw === '' || !Number.isInteger(n) || n < spec.min || n > spec.max) {
      throw new Error(`${flag} needs an integer from ${spec.min} to ${spec.max}.`)
    }
    out[spec.key] = n
  }
  const { runaway, revisionsEvery, cursorTtl, ...rest } = out
  return {
    ...rest,
    ...(runaway === undefined ? {} : { runaway: { hoursAgo: runaway } }),
    ...(revisionsEvery === undefined ? {} : { revisions: { everyMinutes: revisionsEvery } }),
    ...(cursorTtl === undefined ? {} : { cursorTtlMs: cursorTtl * 60_000 }),
  }
}

/** The lines `keyward emulator` prints: where it listens and the demo Admin key to use with it. */
export function emulatorBanner(handle: { baseURL: string; adminKey: string }): string[] {
  return [`Admin API emulator listening on ${handle.baseURL}`, `Admin key: ${handle.adminKey}`]
}
