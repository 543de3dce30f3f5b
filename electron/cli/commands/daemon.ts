import { fileURLToPath } from 'node:url'
import { KeywardError } from '../../../shared/errors'
import { createCore } from '../../core/core'
import { parseDemoFaults } from '../../core/orgs/demo-host'
import { startRpcHttpServer } from '../../core/http/rpc-http-server'
import { startKeySocket } from '../../core/socket/start-key-socket'
import { syncIntervalFromEnv } from '../../core/usage/sync-service'
import { keychainStartupWarning } from '../../core/vault/keychain-probe'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'

/** Where the built renderer sits beside the built CLI (`out/cli/*.js` → `out/renderer`; chunks stay in out/cli). */
const BUILT_RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url))

/** What `keyward daemon` was asked to do. */
export interface DaemonOptions {
  readonly ui: boolean
  readonly port: number
  readonly json: boolean
  readonly staticDir: string
  /** Start the demo org's emulator in-process and register the demo org. */
  readonly demo: boolean
}

/** Parses `keyward daemon` flags. */
export function parseDaemonArgs(args: string[], env: NodeJS.ProcessEnv): DaemonOptions {
  const { values } = parseFlags(args, {
    ui: { type: 'boolean', default: false },
    port: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
  }, false)
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new KeywardError('INVALID_INPUT', `--port must be a whole number from 0 to 65535, not "${values.port.slice(0, 20)}"`)
  }
  return { ui: values.ui, port, json: values.json, staticDir: env.KEYWARD_RENDERER_DIR ?? BUILT_RENDERER_DIR, demo: values.demo }
}

/** Runs the core without Electron until SIGINT or SIGTERM; with `--ui`, serves the renderer on 127.0.0.1. */
export async function runDaemon(options: DaemonOptions, io: CliIO, stop: Promise<void>): Promise<number> {
  // KEYWARD_DEMO_FAULTS (test-only) injects faults into the demo org's emulator; see demo-host.ts.
  const core = await createCore({ host: 'daemon', env: io.env, demo: { faults: parseDemoFaults(io.env.KEYWARD_DEMO_FAULTS) } })
  if (options.demo) await core.orgAdmin.orgs.addDemo()
  // Say now, not at the first Add key, when there is no keychain to keep keys in.
  const noKeychain = await keychainStartupWarning(core.vault.keychain)
  if (noKeychain) io.stderr.write(`keyward: ${noKeychain}\n`)
  // The key socket `keyward helper` asks; a live one from another app or daemon stops us here.
  const socket = await startKeySocket(core, { env: io.env, log: (line) => io.stderr.write(`keyward: ${line}\n`) }).catch(async (error: unknown) => {
    await core.close()
    throw error
  })
  const http = options.ui ? await startRpcHttpServer({ router: core.router, staticDir: options.staticDir, port: options.port }) : null
  // Usage sync on a schedule (every 5 minutes unless KEYWARD_SYNC_INTERVAL_MINUTES says otherwise; never under 1).
  core.usage.sync.start(syncIntervalFromEnv(io.env))
  if (options.json) printJson(io, { dataDir: core.dataDir, url: http?.url ?? null, socket: socket.location.path })
  else {
    io.stdout.write(`Keyward daemon running (data in ${core.dataDir}). Stop it with Ctrl-C.\n`)
    io.stdout.write(`Serving keys to \`keyward helper\` on ${socket.location.path}\n`)
    if (http) io.stdout.write(`Open the dashboard: ${http.url}\n`)
  }
  await stop
  await socket.close()
  await http?.close()
  await core.close()
  return EXIT.OK
}

/** A promise that settles on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
}

/** `keyward daemon`: the headless host for SSH boxes, containers and WSL. */
export const daemonCommand: Command = {
  summary: 'run the core without the desktop app (socket, sync, alerts; --ui serves the dashboard)',
  help: `Usage: keyward daemon [--ui] [--port N] [--demo] [--json]

Runs Keyward's core without Electron, for SSH boxes, containers and WSL.
  --ui      also serve the dashboard on http://127.0.0.1 behind a random token; prints the URL
  --port N  the port for --ui (default: a free one)
  --demo    start the built-in Admin API emulator and add its seeded demo org, so every screen has data
  --json    print {"dataDir", "url"} as JSON instead of text`,
  run: (args, io) => runDaemon(parseDaemonArgs(args, io.env), io, untilSignal()),
}
