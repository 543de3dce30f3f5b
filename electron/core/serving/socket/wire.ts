/**
 * The key socket's wire format, without zod: the helper's fast path imports this file, the server
 * validates requests with `request.schema.ts`. One JSON object per line in each direction.
 */

/** The protocol version every request and reply carries (`v`); a request with another is refused. */
export const SOCKET_PROTOCOL_VERSION = 1

type Version = typeof SOCKET_PROTOCOL_VERSION

/** The longest request line the server reads, newline included; longer ones get an error and a closed connection. */
export const MAX_REQUEST_LINE_BYTES = 8 * 1024

/** A request the helper sends: which directory wants a key, which tool asks, and optionally a forced profile. */
export interface ResolveRequest {
  readonly v: Version
  readonly op: 'resolve'
  readonly cwd: string
  readonly agent?: string | null
  readonly profile?: string
}

/** A liveness probe; doctor and the stale-socket check use it. */
export interface PingRequest {
  readonly v: Version
  readonly op: 'ping'
}

/**
 * The file vault's operations (electron/core/serving/socket/vault-ops.ts): `unlock` hands the passphrase to
 * the daemon (so it never travels in argv or the environment), `lock` drops the keys, `vault-status`
 * says whether it is unlocked; `vault-get`/`vault-set`/`vault-delete` let the CLI change the vault
 * through the daemon that holds it, which re-encrypts the file. A host without a file vault refuses them.
 */
export type VaultRequest =
  | { readonly v: Version; readonly op: 'unlock'; readonly passphrase: string }
  | { readonly v: Version; readonly op: 'lock' }
  | { readonly v: Version; readonly op: 'vault-status' }
  | { readonly v: Version; readonly op: 'vault-get'; readonly account: string }
  | { readonly v: Version; readonly op: 'vault-set'; readonly account: string; readonly secret: string }
  | { readonly v: Version; readonly op: 'vault-delete'; readonly account: string }

/** Every request a client may send. */
export type SocketRequest = ResolveRequest | PingRequest | VaultRequest

/** The vault's state as `unlock`, `lock` and `vault-status` return it. */
export interface VaultStatusWire {
  readonly backend: 'keychain' | 'file'
  readonly path: string | null
  readonly unlocked: boolean
  readonly unlockedAt: string | null
  readonly lastUsedAt: string | null
  readonly autoLockAt: string | null
  readonly autoLockMinutes: number | null
}

/** Every reply: the key for a directory, a pong, a vault answer, or a coded error (never a secret in the message). */
export type SocketReply =
  | { v: Version; ok: true; profile: string; key: string }
  | { v: Version; ok: true; pong: true; pid: number; version: string }
  | { v: Version; ok: true; vault: VaultStatusWire }
  | { v: Version; ok: true; secret: string | null }
  | { v: Version; ok: true; removed: boolean }
  | { v: Version; ok: false; error: { code: string; message: string } }
