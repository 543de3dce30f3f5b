import { type KeySocketCore, createSocketKeyService, servingKeychain } from '../socket/start-key-socket'
import type { SocketLimits } from '../socket/socket-connection'
import type { KeySocketServer } from '../socket/socket-server'
import { type SocketLocation, socketLocation } from '../socket/socket-path'
import { startForwardSocketServer } from './forward-server'
import { forwardSocketLocation } from './forward-wire'

/**
 * Starts the forwarding socket over a built core, beside its key socket (start that first: it
 * readies the private directory both live in). `keyward daemon` and the Electron host call this.
 * Rejects with CONFLICT when another app or daemon already forwards for this data directory.
 */
export function startForwardSocket(
  core: KeySocketCore,
  options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void; limits?: Partial<SocketLimits>; keySocket?: SocketLocation } = {},
): Promise<KeySocketServer> {
  // The same keychain as the key socket's: never a cache over the file vault, so `keyward lock` stops forwarding too.
  const keys = createSocketKeyService(core, servingKeychain(core), options.log)
  return startForwardSocketServer({
    keys,
    location: forwardSocketLocation(options.keySocket ?? socketLocation(core.dataDir, options.env ?? process.env)),
    ...(options.log !== undefined && { log: options.log }),
    ...(options.limits !== undefined && { limits: options.limits }),
  })
}
