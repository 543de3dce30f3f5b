/**
 * The key socket's wire format, without zod: the helper's fast path imports this file, the server
 * validates requests with `request.schema.ts`. One JSON object per line in each direction.
 */

/** The protocol version every request and reply carries. */
export const SOCKET_PROTOCOL_VERSION = 1

/** The longest request line the server reads, newline included; longer ones get an error and a closed connection. */
export const MAX_REQUEST_LINE_BYTES = 8 * 1024

/** A request the helper sends: which directory wants a key, which tool asks, and optionally a forced profile. */
export interface ResolveRequest {
  readonly v: 1
  readonly op: 'resolve'
  readonly cwd: string
  readonly agent?: string | null
  readonly profile?: string
}

/** A liveness probe; doctor and the stale-socket check use it. */
export interface PingRequest {
  readonly v: 1
  readonly op: 'ping'
}

/** Every reply: the key for a directory, a pong, or a coded error (never a secret in the message). */
export type SocketReply =
  | { v: 1; ok: true; profile: string; key: string }
  | { v: 1; ok: true; pong: true; pid: number; version: string }
  | { v: 1; ok: false; error: { code: string; message: string } }
