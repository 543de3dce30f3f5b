import { isKeywardError } from '../../../../shared/errors'
import { redactSecrets } from '../../../../shared/redact'
import { describeZodError } from '../../router'
import { KEYWARD_VERSION } from '../../platform/version'
import type { Caller } from '../peer/peer-identity'
import { SOCKET_OPS, SocketRequestSchema } from './request.schema'
import type { SocketVaultOps } from './vault-ops'
import type { SocketReply } from './wire'
import { SOCKET_PROTOCOL_VERSION } from './wire'

/**
 * What the socket needs from the key service: the served key for a directory (and, optionally, for a
 * forced profile). `caller` is the connection's real caller from the OS (null: the OS could not say),
 * which the key service checks the claimed directory against.
 */
export interface SocketKeySource {
  resolve(cwd: string, agent: string | undefined, transport: 'socket' | 'direct', caller?: Caller | null): Promise<{ profile: string; key: string }>
  resolveProfile?(profile: string, cwd: string, agent: string | undefined, transport: 'socket' | 'direct', caller?: Caller | null): Promise<{ profile: string; key: string }>
  /** The file vault's unlock, lock and change operations; a socket without them (a forwarding socket) refuses those ops. */
  vault?: SocketVaultOps
}

/** Builds an error reply; messages are redacted because a caller may have echoed a key back at us. */
export function errorReply(code: string, message: string): SocketReply {
  return { v: SOCKET_PROTOCOL_VERSION, ok: false, error: { code, message: redactSecrets(message) } }
}

/**
 * Answers one request line. Never throws: garbage, wrong types and failures of the key service all
 * become coded error replies, so one bad client cannot take the server down.
 */
export async function handleRequestLine(line: string, keys: SocketKeySource, log: (line: string) => void, caller: Caller | null = null): Promise<SocketReply> {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch {
    return errorReply('INVALID_INPUT', 'the request is not valid JSON; send one JSON object per line')
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return errorReply('INVALID_INPUT', 'the request must be a JSON object')
  }
  const record = json as Record<string, unknown>
  if (record.v !== SOCKET_PROTOCOL_VERSION)
    return errorReply('INVALID_INPUT', `unsupported protocol version ${JSON.stringify(record.v ?? null).slice(0, 20)}; this Keyward speaks v${SOCKET_PROTOCOL_VERSION}`)
  if (!(SOCKET_OPS as readonly unknown[]).includes(record.op)) {
    return errorReply('INVALID_INPUT', `unknown op ${JSON.stringify(record.op ?? null).slice(0, 40)}; expected ${SOCKET_OPS.map((op) => `"${op}"`).join(', ')}`)
  }
  const parsed = SocketRequestSchema.safeParse(json)
  // Never describe a vault request's values: they hold a passphrase or a key.
  if (!parsed.success) return errorReply('INVALID_INPUT', record.op === 'resolve' || record.op === 'ping' ? `${record.op}: ${describeZodError(parsed.error)}` : `${record.op}: malformed request`)
  const request = parsed.data
  if (request.op === 'ping') return { v: SOCKET_PROTOCOL_VERSION, ok: true, pong: true, pid: process.pid, version: KEYWARD_VERSION }
  if (request.op !== 'resolve') {
    if (!keys.vault) return errorReply('INVALID_INPUT', `${request.op} is not served on this socket`)
    try {
      return await keys.vault.handle(request, caller)
    } catch (error) {
      if (isKeywardError(error)) return errorReply(error.code, error.message)
      log(`socket: ${request.op} failed unexpectedly: ${redactSecrets(error instanceof Error ? `${error.name}: ${error.message}` : String(error))}`)
      return errorReply('INTERNAL', `Keyward hit an unexpected error in ${request.op}; the daemon log has the details`)
    }
  }
  try {
    const agent = request.agent ?? undefined
    let served: { profile: string; key: string }
    if (request.profile === undefined) served = await keys.resolve(request.cwd, agent, 'socket', caller)
    else if (keys.resolveProfile) served = await keys.resolveProfile(request.profile, request.cwd, agent, 'socket', caller)
    else return errorReply('INVALID_INPUT', 'this Keyward cannot force a profile over the socket')
    return { v: SOCKET_PROTOCOL_VERSION, ok: true, profile: served.profile, key: served.key }
  } catch (error) {
    if (isKeywardError(error)) return errorReply(error.code, error.message)
    log(`socket: resolve failed unexpectedly: ${redactSecrets(error instanceof Error ? `${error.name}: ${error.message}` : String(error))}`)
    return errorReply('INTERNAL', 'Keyward hit an unexpected error while resolving the key; the app log has the details')
  }
}
