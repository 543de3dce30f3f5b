import { lstatSync } from 'node:fs'
import { isKeyShaped, notAKeyMessage } from '../../../../shared/key-format'
import { isProfileName } from '../../../../shared/profile-name'
import { inspectPrivateDir } from '../../platform/fs/private-dir'
import type { SocketLocation } from './socket-path'
import { socketTransport, type LineTransport } from './transport/line-transport'
import type { ResolveRequest, SocketRequest } from './wire'
import { SOCKET_PROTOCOL_VERSION } from './wire'

/**
 * The helper's side of the key socket. It is on the helper's fast path, so it checks replies by
 * hand instead of loading zod, imports nothing but node:fs and zod-free checks, and talks through
 * the fastest line transport this Node offers (transport/line-transport.ts), which is not node:net.
 */

/**
 * What came back from the socket: a reply to check, or nobody listening (so the caller resolves
 * itself); `warning` says why a socket that may exist was not trusted (its directory is not private).
 */
export type SocketExchange = { kind: 'reply'; reply: unknown } | { kind: 'absent'; warning?: string } | { kind: 'error'; code: string; message: string }

/** How long to wait for the socket to accept, and for its answer. */
export interface ClientTimeouts {
  readonly connectMs: number
  readonly replyMs: number
}

/** Defaults: accepting is instant when a daemon runs; an answer may wait for a keychain unlock prompt in the app. */
export const DEFAULT_CLIENT_TIMEOUTS: ClientTimeouts = { connectMs: 1_000, replyMs: 30_000 }

/** Codes from connect(2) that mean no daemon is listening (a missing or stale socket file). */
const ABSENT_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'ECONNRESET'])

/** The longest reply line read: a key, a profile name or an error message is far shorter. */
const MAX_REPLY_BYTES = 64 * 1024

/** Sends one request and reads one reply line. */
export function exchange(location: SocketLocation, request: SocketRequest, timeouts: ClientTimeouts = DEFAULT_CLIENT_TIMEOUTS, transport: LineTransport = socketTransport()): Promise<SocketExchange> {
  // Every socket directory is checked, not only the tmp fallback: a socket in a directory another
  // user owns or can write may be theirs, so it is not asked; the caller reads the keychain itself.
  const unsafe = location.dir ? untrustedDir(location.dir) : null
  if (unsafe) return Promise.resolve({ kind: 'absent', warning: unsafe })
  if (location.kind !== 'pipe' && !pathExists(location.path)) return Promise.resolve({ kind: 'absent' })
  return new Promise((resolve) => {
    // Bytes, decoded once the line is whole: a decoder costs the helper's start more, and a newline
    // byte never sits inside a UTF-8 character, so the line ends where the byte says.
    const chunks: Buffer[] = []
    let received = 0
    let connected = false
    let settled = false
    const settle = (result: SocketExchange) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      connection.close()
      resolve(result)
    }
    let timer = setTimeout(() => settle({ kind: 'absent' }), timeouts.connectMs)
    const connection = transport(location.path, `${JSON.stringify(request)}\n`, {
      connected() {
        connected = true
        clearTimeout(timer)
        timer = setTimeout(
          () =>
            settle({ kind: 'error', code: 'TIMEOUT', message: `the Keyward app or daemon on ${location.path} did not answer within ${Math.round(timeouts.replyMs / 1000)} s; run: keyward doctor` }),
          timeouts.replyMs,
        )
      },
      data(chunk) {
        const newline = chunk.indexOf(0x0a)
        chunks.push(chunk)
        received += chunk.length
        if (newline === -1) {
          // A peer that never ends its line is not one of ours: no reply is this long.
          if (received > MAX_REPLY_BYTES) settle(garbled(location))
          return
        }
        try {
          const line = Buffer.concat(chunks).toString('utf8', 0, received - chunk.length + newline)
          settle({ kind: 'reply', reply: JSON.parse(line) })
        } catch {
          settle(garbled(location))
        }
      },
      ended(code) {
        if (code === null) settle(connected ? garbled(location) : { kind: 'absent' })
        else if (!connected && ABSENT_CODES.has(code)) settle({ kind: 'absent' })
        else settle({ kind: 'error', code: 'UNAVAILABLE', message: `could not talk to the Keyward app or daemon on ${location.path} (${code}); run: keyward doctor` })
      },
    })
  })
}

/** A served key, checked by hand: one line, key-shaped, so the helper can never print two lines. `warning` goes to stderr. */
export type KeyAnswer = { kind: 'key'; profile: string; key: string; warning?: string } | { kind: 'absent'; warning?: string } | { kind: 'error'; code: string; message: string }

/** Asks the running app or daemon for the key of a directory. */
export async function askForKey(location: SocketLocation, request: Omit<ResolveRequest, 'v' | 'op'>, timeouts?: ClientTimeouts, transport?: LineTransport): Promise<KeyAnswer> {
  const result = await exchange(location, { v: SOCKET_PROTOCOL_VERSION, op: 'resolve', ...request }, timeouts, transport)
  if (result.kind !== 'reply') return result
  const reply = result.reply as Record<string, unknown> | null
  if (typeof reply === 'object' && reply !== null && reply.v === SOCKET_PROTOCOL_VERSION) {
    if (reply.ok === true && isProfileName(reply.profile) && typeof reply.key === 'string') {
      return isKeyShaped(reply.key) ? { kind: 'key', profile: reply.profile, key: reply.key } : notAKey(reply.profile)
    }
    const error = reply.error as Record<string, unknown> | undefined
    if (reply.ok === false && typeof error?.code === 'string' && typeof error.message === 'string') {
      return { kind: 'error', code: error.code, message: error.message }
    }
  }
  return garbled(location)
}

/** The answer for a keychain entry that is not a key: CONFIG_CORRUPT naming the profile, never the entry. */
export function notAKey(profile: string): KeyAnswer & { kind: 'error' } {
  return { kind: 'error', code: 'CONFIG_CORRUPT', message: notAKeyMessage(profile) }
}

function garbled(location: SocketLocation): SocketExchange & { kind: 'error' } {
  return { kind: 'error', code: 'UNAVAILABLE', message: `the Keyward app or daemon on ${location.path} sent an answer this helper does not understand; run: keyward doctor` }
}

/** False only when nothing is at `path` (no app or daemon has ever listened there); anything else is tried. */
function pathExists(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT'
  }
}

/** Why the socket directory is not trusted (another user's, open to others, swappable, not a directory), or null. */
function untrustedDir(dir: string): string | null {
  const problem = inspectPrivateDir(dir, "Keyward's socket directory")
  if (!problem || problem.kind === 'missing') return null
  return `${problem.message}; so its socket was not used and the keychain was read directly (restart the app or daemon after fixing it)`
}
