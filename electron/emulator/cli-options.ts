/**
 * What `keyward emulator [--port N] [--seed N] [--keys N] [--days N] [--people N]` needs from the emulator:
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
} as const

/**
 * Parses `--port N --seed N --keys N --days N --people N --runaway H` (also `--flag=N`; `--runaway H`
 * stages a runaway-script hour H hours ago); throws an Error with one actionable line on bad input.
 */
export function parseEmulatorArgs(argv: readonly string[]): Pick<EmulatorOptions, 'port' | 'seed' | 'keys' | 'days' | 'people' | 'runaway'> {
  const out: Partial<Record<'port' | 'seed' | 'keys' | 'days' | 'people' | 'runaway', number>> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    const [flag = '', inline] = arg.split('=', 2)
    const spec = FLAGS[flag as keyof typeof FLAGS]
    if (!spec) throw new Error(`Unknown option ${JSON.stringify(arg.slice(0, 40))}; use --port, --seed, --keys, --days, --people or --runaway.`)
    const raw = inline ?? argv[++i]
    const n = Number(raw)
    if (raw === undefined || raw === '' || !Number.isInteger(n) || n < spec.min || n > spec.max) {
      throw new Error(`${flag} needs an integer from ${spec.min} to ${spec.max}.`)
    }
    out[spec.key] = n
  }
  const { runaway, ...rest } = out
  return runaway === undefined ? rest : { ...rest, runaway: { hoursAgo: runaway } }
}

/** The lines `keyward emulator` prints: where it listens and the demo Admin key to use with it. */
export function emulatorBanner(handle: { baseURL: string; adminKey: string }): string[] {
  return [`Admin API emulator listening on ${handle.baseURL}`, `Admin key: ${handle.adminKey}`]
}
