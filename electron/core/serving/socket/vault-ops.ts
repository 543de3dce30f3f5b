import { KeywardError } from '../../../../shared/keyward-error'
import type { VaultSession } from '../../vault/file/vault-session'
import { knownAccount } from '../../vault/secret-accounts'
import type { Caller } from '../peer/peer-identity'
import type { VaultRequestSchema } from './request.schema'
import type { SocketReply, VaultStatusWire } from './wire'
import { SOCKET_PROTOCOL_VERSION } from './wire'

/** The file vault's socket operations (see VaultRequest in wire.ts). */
export interface SocketVaultOps {
  handle(request: VaultRequestSchema, caller: Caller | null): Promise<SocketReply>
}

/** What a host that keeps keys in the OS keychain answers to `vault-status`. */
const KEYCHAIN_STATUS: VaultStatusWire = { backend: 'keychain', path: null, unlocked: true, unlockedAt: null, lastUsedAt: null, autoLockAt: null, autoLockMinutes: null }

/**
 * The vault ops over the host's file vault session, or, for a host on the OS keychain (`session`
 * null), a status and a refusal that says why. The socket is the user's own (0600 in a 0700
 * directory, callers identified by the OS), the same reach the Secret Service gives any process of
 * the user, so the get/set/delete ops add no new reader of keys.
 */
export function createSocketVaultOps(session: VaultSession | null): SocketVaultOps {
  return {
    async handle(request, caller) {
      // The socket is 0600 already; a peer the OS names as another user (root aside) is refused anyway.
      const uid = process.getuid?.()
      if (uid !== undefined && caller?.peer.uid != null && caller.peer.uid !== uid && caller.peer.uid !== 0) {
        throw new KeywardError('NOT_ALLOWED', `${request.op} is only for the user who runs this Keyward`)
      }
      if (session === null) {
        if (request.op === 'vault-status') return { v: SOCKET_PROTOCOL_VERSION, ok: true, vault: KEYCHAIN_STATUS }
        throw new KeywardError(
          'INVALID_INPUT',
          'this Keyward app or daemon keeps keys in the OS keychain, so there is nothing to unlock or lock; if you just switched to the file vault, restart the daemon',
        )
      }
      switch (request.op) {
        case 'unlock':
          return { v: SOCKET_PROTOCOL_VERSION, ok: true, vault: await session.unlock(request.passphrase) }
        case 'lock':
          return { v: SOCKET_PROTOCOL_VERSION, ok: true, vault: session.lock() }
        case 'vault-status':
          return { v: SOCKET_PROTOCOL_VERSION, ok: true, vault: session.state() }
        case 'vault-get':
          return { v: SOCKET_PROTOCOL_VERSION, ok: true, secret: await session.keychain.get(knownAccount(request.account)) }
        case 'vault-set':
          await session.keychain.set(knownAccount(request.account), request.secret)
          return { v: SOCKET_PROTOCOL_VERSION, ok: true, removed: false }
        case 'vault-delete':
          return { v: SOCKET_PROTOCOL_VERSION, ok: true, removed: await session.keychain.delete(knownAccount(request.account)) }
      }
    },
  }
}
