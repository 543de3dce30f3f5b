import type { KeyService } from '../keys/key-service'
import type { Vault } from '../vault/vault'
import { createForcedProfileResolver } from './forced-profile'
import { type KeySocketServer, startKeySocketServer } from './socket-server'
import type { SocketLimits } from './socket-connection'

/** The parts of the core the key socket serves from. */
export interface KeySocketCore {
  readonly dataDir: string
  readonly keys: KeyService
  readonly vault: Pick<Vault, 'keychain' | 'audit'>
}

/**
 * Starts the key socket over a built core: what `keyward daemon` and the Electron host call.
 * Rejects with CONFLICT when another app or daemon already serves this data directory.
 */
export function startKeySocket(core: KeySocketCore, options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void; limits?: Partial<SocketLimits> } = {}): Promise<KeySocketServer> {
  const forced = createForcedProfileResolver({ dataDir: core.dataDir, keychain: core.vault.keychain, audit: core.vault.audit })
  return startKeySocketServer({
    dataDir: core.dataDir,
    keys: { resolve: (cwd, agent, transport) => core.keys.resolve(cwd, agent, transport), resolveProfile: forced },
    ...(options.env !== undefined && { env: options.env }),
    ...(options.log !== undefined && { log: options.log }),
    ...(options.limits !== undefined && { limits: options.limits }),
  })
}
