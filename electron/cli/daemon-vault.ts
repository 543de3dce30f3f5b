import { ErrorCode, KeywardError } from '../../shared/errors'
import { startDaemonHint } from './fast/daemon-start-hint'
import { resolveDataDir } from '../core/platform/paths'
import { exchange } from '../core/serving/socket/socket-client'
import { socketLocation } from '../core/serving/socket/socket-path'
import type { SocketRequest, VaultRequest, VaultStatusWire } from '../core/serving/socket/wire'
import type { Keychain } from '../core/vault/keychain'
import type { CliIO } from './io'
import { SOCKET_PROTOCOL_VERSION } from '../core/serving/socket/wire'

/** What a vault request got: the daemon's reply object, or null when no app or daemon runs. */
export type DaemonReply = Record<string, unknown> | null

/** How long a vault request may take: an unlock runs scrypt, a change re-encrypts the file. */
const TIMEOUTS = { connectMs: 1_000, replyMs: 120_000 }

/** Sends one request to the app or daemon of this data dir; null when none answers; KeywardError for its coded errors. */
export async function askDaemon(io: CliIO, request: SocketRequest): Promise<DaemonReply> {
  const location = socketLocation(resolveDataDir(io.env), io.env)
  const answer = await exchange(location, request, TIMEOUTS)
  if (answer.kind === 'absent') return null
  if (answer.kind === 'error') throw new KeywardError('UNAVAILABLE', answer.message)
  const reply = answer.reply as Record<string, unknown> | null
  if (typeof reply !== 'object' || reply === null) throw new KeywardError('UNAVAILABLE', 'the Keyward daemon sent an answer this CLI does not understand; run: keyward doctor')
  if (reply.ok === false) {
    const error = (reply.error ?? {}) as { code?: unknown; message?: unknown }
    const code = ErrorCode.safeParse(error.code)
    throw new KeywardError(code.success ? code.data : 'INTERNAL', typeof error.message === 'string' ? error.message : 'the daemon refused')
  }
  return reply
}

/** The vault's state from the daemon's reply to unlock, lock or vault-status. */
export function vaultStatusOf(reply: Record<string, unknown>): VaultStatusWire {
  const vault = reply.vault as VaultStatusWire | undefined
  if (typeof vault !== 'object' || vault === null || typeof vault.unlocked !== 'boolean')
    throw new KeywardError('UNAVAILABLE', 'the Keyward daemon sent a vault status this CLI does not understand; run: keyward doctor')
  return vault
}

/** The error for a vault operation that needs the daemon and found none. */
export function noDaemon(io: CliIO, what: string): KeywardError {
  return new KeywardError('UNAVAILABLE', `no Keyward daemon is running for ${resolveDataDir(io.env)}, so there is nothing to ${what}; start it (${startDaemonHint(io.env)}), then run: keyward unlock`)
}

/**
 * The file vault through the daemon that holds it unlocked: every change is re-encrypted and written
 * by the daemon. A locked daemon answers KEYCHAIN_UNAVAILABLE ("run: keyward unlock").
 */
export function daemonKeychain(io: CliIO): Keychain {
  const ask = async (request: VaultRequest) => {
    const reply = await askDaemon(io, request)
    if (reply === null) throw noDaemon(io, 'hold the vault')
    return reply
  }
  return {
    async get(account) {
      const secret = (await ask({ v: SOCKET_PROTOCOL_VERSION, op: 'vault-get', account })).secret
      return typeof secret === 'string' ? secret : null
    },
    async set(account, secret) {
      await ask({ v: SOCKET_PROTOCOL_VERSION, op: 'vault-set', account, secret })
    },
    async delete(account) {
      return (await ask({ v: SOCKET_PROTOCOL_VERSION, op: 'vault-delete', account })).removed === true
    },
  }
}
