import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { KeywardError, isKeywardError } from '../../../shared/errors'
import { writeFileAtomic } from '../../core/platform/config/atomic-write'
import type { VaultSession } from '../../core/vault/file/vault-session'
import { DEFAULT_AUTO_LOCK_MINUTES, MAX_AUTO_LOCK_MINUTES } from '../../core/vault/file/vault-session'
import { PASSPHRASE_CREDENTIAL, readPassphraseFile } from '../passphrase'
import { launchdAgent, systemdUnit } from '../service-unit'
import { parseDemoFaults } from '../../core/org/orgs/demo-host'
import { startRpcHttpServer } from '../../core/serving/http/rpc-http-server'
import { startHost } from '../../core/host/start-host'
import { type Command, parseFlags, printJson } from '../command'
import { EXIT } from '../exit-codes'
import type { CliIO } from '../io'
import { logLine } from '../../../shared/terminal-text'

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
  /** Minutes without use after which the file vault locks itself; 0 never. */
  readonly autoLockMinutes: number
  /** Write the systemd user unit (launchd agent on macOS) instead of running. */
  readonly installService: boolean
}

/** Parses `keyward daemon` flags. */
export function parseDaemonArgs(args: string[], env: NodeJS.ProcessEnv): DaemonOptions {
  const { values } = parseFlags(
    args,
    {
      ui: { type: 'boolean', default: false },
      port: { type: 'string', default: '0' },
      json: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      'auto-lock': { type: 'string', default: String(DEFAULT_AUTO_LOCK_MINUTES) },
      'install-service': { type: 'boolean', default: false },
    },
    false,
  )
  const autoLockMinutes = Number(values['auto-lock'])
  // Node's timers hold at most 2^31-1 ms (24.8 days); 24 days is more than an idle lock is for anyway.
  if (!Number.isInteger(autoLockMinutes) || autoLockMinutes < 0 || autoLockMinutes > MAX_AUTO_LOCK_MINUTES) {
    throw new KeywardError('INVALID_INPUT', `--auto-lock must be a whole number of minutes from 0 (never) to ${MAX_AUTO_LOCK_MINUTES}, not ${values['auto-lock'].slice(0, 20)}`)
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new KeywardError('INVALID_INPUT', `--port must be a whole number from 0 to 65535, not "${values.port.slice(0, 20)}"`)
  }
  return { ui: values.ui, port, json: values.json, staticDir: env.KEYWARD_RENDERER_DIR ?? BUILT_RENDERER_DIR, demo: values.demo, autoLockMinutes, installService: values['install-service'] }
}

/** Unlocks the file vault at start from the systemd credential, when the service has one; a failure is logged, and the vault stays locked. */
async function unlockFromCredential(fileVault: VaultSession, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  if (!env.CREDENTIALS_DIRECTORY) return
  const path = join(env.CREDENTIALS_DIRECTORY, PASSPHRASE_CREDENTIAL)
  try {
    await fileVault.unlock(await readPassphraseFile(path))
    log(`the file vault was unlocked with the systemd credential ${PASSPHRASE_CREDENTIAL}`)
  } catch (error) {
    if (isKeywardError(error) && error.code === 'NOT_FOUND') return
    log(`the file vault stays locked: ${isKeywardError(error) ? error.message : String(error)}`)
  }
}

/** Writes the service file for this platform and says how to turn it on. */
export async function installService(io: CliIO, platform: NodeJS.Platform = process.platform): Promise<number> {
  const target = { execPath: process.execPath, cliPath: process.argv[1] ?? '', env: io.env, electron: process.versions.electron !== undefined }
  if (platform !== 'linux' && platform !== 'darwin')
    throw new KeywardError(
      'INVALID_INPUT',
      `--install-service writes a systemd user unit (Linux) or a launchd agent (macOS); on ${platform}, start keyward daemon from your session's start-up instead`,
    )
  const service = platform === 'darwin' ? launchdAgent(target) : systemdUnit(target)
  await writeFileAtomic(service.path, service.text)
  io.stdout.write(`Wrote ${service.path}
Turn it on: ${service.enable}
`)
  return EXIT.OK
}

/** Runs the core without Electron until SIGINT or SIGTERM; with `--ui`, serves the renderer on 127.0.0.1. */
export async function runDaemon(options: DaemonOptions, io: CliIO, stop: Promise<void>): Promise<number> {
  // KEYWARD_DEMO_FAULTS (test-only) injects faults into the demo org's emulator; see demo-host.ts.
  if (options.installService) return installService(io)
  const log = (line: string) => io.stderr.write(logLine(line))
  // The one start-up sequence and failure policy of every host (start-host.ts); the UI server and the systemd unlock are the daemon's own.
  const host = await startHost({
    host: 'daemon',
    env: io.env,
    log,
    warn: (message) => io.stderr.write(`keyward: ${message}\n`),
    autoLockMinutes: options.autoLockMinutes,
    demo: { faults: parseDemoFaults(io.env.KEYWARD_DEMO_FAULTS) },
    addDemo: options.demo,
  })
  const { core } = host
  const http = options.ui
    ? await startRpcHttpServer({ router: core.router, staticDir: options.staticDir, port: options.port }).catch(async (error: unknown) => {
        await host.close()
        throw error
      })
    : null
  if (core.fileVault) await unlockFromCredential(core.fileVault, io.env, log)
  if (options.json)
    printJson(io, {
      dataDir: core.dataDir,
      url: http?.url ?? null,
      socket: host.keySocket.path,
      forwardSocket: host.forwardSocket?.path ?? null,
      vault: core.fileVault ? (core.fileVault.state().unlocked ? 'unlocked' : 'locked') : 'keychain',
    })
  else {
    io.stdout.write(`Keyward daemon running (data in ${core.dataDir}). Stop it with Ctrl-C.\n`)
    io.stdout.write(`Serving keys to \`keyward helper\` on ${host.keySocket.path}\n`)
    if (host.forwardSocket) io.stdout.write(`Forwarding keys marked forwardable to \`keyward ssh\` sessions through ${host.forwardSocket.path}\n`)
    if (http) io.stdout.write(`Open the dashboard: ${http.url}\n`)
    if (core.fileVault && !core.fileVault.state().unlocked) io.stdout.write('The file vault is locked: run keyward unlock\n')
  }
  await stop
  await http?.close()
  await host.close()
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
  help: `Usage: keyward daemon [--ui] [--port N] [--demo] [--auto-lock MINUTES] [--json]
       keyward daemon --install-service

Runs Keyward's core without Electron, for SSH boxes, containers and WSL. With the file vault
(keyward vault init --backend file) it starts locked: run keyward unlock; or, as a systemd service,
give it the passphrase as the credential ${PASSPHRASE_CREDENTIAL} (LoadCredential=). It locks the
vault after --auto-lock minutes without use (default ${DEFAULT_AUTO_LOCK_MINUTES}, 0 never) and when it stops.
  --install-service  write a systemd user unit (~/.config/systemd/user/keyward.service), or a
                     launchd agent on macOS, and print how to turn it on
  --ui      also serve the dashboard on http://127.0.0.1 behind a random token; prints the URL
  --port N  the port for --ui (default: a free one)
  --demo    start the built-in Admin API emulator and add its seeded demo org, so every screen has data;
            keyward commands on the demo org act on this daemon's emulator while it runs
  --json    print {"dataDir", "url", "socket", "forwardSocket"} as JSON instead of text
It serves two sockets: the key socket keyward helper asks, and a separate forwarding socket that
keyward ssh relays to remote machines (profiles marked with keyward forward only).`,
  run: (args, io) => runDaemon(parseDaemonArgs(args, io.env), io, untilSignal()),
}
