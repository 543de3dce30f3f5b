import { isKeywardError } from '../../shared/errors'
import type { Core } from '../core/core'
import type { SocketLocation } from '../core/serving/socket/socket-path'
import { startKeySocket } from '../core/serving/socket/start-key-socket'
import { startForwardSocket } from '../core/serving/forward/start-forward-socket'

/** A running key socket the app stops on quit. */
export interface HostKeySocket {
  close(): Promise<void>
}

/** What the app's key-socket start needs; `start` is injectable so tests need no socket. */
export interface HostKeySocketDeps {
  readonly log: (line: string) => void
  /** Tells the person (a message window in the app): the app keeps running without its socket. */
  readonly warn: (message: string) => void
  readonly start?: typeof startKeySocket
  /** Starts the forwarding socket for `keyward ssh` (injectable like `start`); null: none. */
  readonly startForward?: typeof startForwardSocket | null
  readonly env?: NodeJS.ProcessEnv
}

/**
 * Starts the key socket `keyward helper` asks, for the Electron host. When another app or daemon
 * already holds it (CONFLICT), or it cannot start, the app still runs (tray, dashboard) and says
 * so once: helpers then go to the other daemon, or read the keychain themselves.
 */
export async function startHostKeySocket(core: Core, deps: HostKeySocketDeps): Promise<HostKeySocket | null> {
  const start = deps.start ?? startKeySocket
  try {
    const socket = await start(core, { log: deps.log, ...(deps.env !== undefined && { env: deps.env }) })
    deps.log(`serving keys to \`keyward helper\` on ${socket.location.path}`)
    const forward = await startHostForwardSocket(core, socket.location, deps)
    return {
      close: async () => {
        await forward?.close()
        await socket.close()
      },
    }
  } catch (error) {
    const message = isKeywardError(error) && error.code === 'CONFLICT'
      ? `Another Keyward app or daemon is already serving keys, so \`keyward helper\` will keep using it (${error.message}).`
      : `Keyward could not start its key socket, so \`keyward helper\` will read the keychain itself (${error instanceof Error ? error.message : String(error)}).`
    deps.log(message)
    deps.warn(message)
    return null
  }
}

/** The forwarding socket beside the key socket; a failure is logged (forwarding is then off) and the app runs on. */
async function startHostForwardSocket(core: Core, keySocket: SocketLocation, deps: HostKeySocketDeps): Promise<HostKeySocket | null> {
  const start = deps.startForward === undefined ? startForwardSocket : deps.startForward
  if (start === null) return null
  try {
    const forward = await start(core, { log: deps.log, keySocket, ...(deps.env !== undefined && { env: deps.env }) })
    deps.log(`forwarding keys marked forwardable to \`keyward ssh\` sessions through ${forward.location.path}`)
    return forward
  } catch (error) {
    deps.log(`Keyward could not start its forwarding socket, so keyward ssh cannot forward keys from this app (${error instanceof Error ? error.message : String(error)}).`)
    return null
  }
}
