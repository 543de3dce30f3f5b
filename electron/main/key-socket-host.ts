import { isKeywardError } from '../../shared/errors'
import type { Core } from '../core/core'
import { startKeySocket } from '../core/socket/start-key-socket'

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
    return socket
  } catch (error) {
    const message = isKeywardError(error) && error.code === 'CONFLICT'
      ? `Another Keyward app or daemon is already serving keys, so \`keyward helper\` will keep using it (${error.message}).`
      : `Keyward could not start its key socket, so \`keyward helper\` will read the keychain itself (${error instanceof Error ? error.message : String(error)}).`
    deps.log(message)
    deps.warn(message)
    return null
  }
}
