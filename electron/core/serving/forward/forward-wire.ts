import { join } from 'node:path'
import type { SocketLocation } from '../socket/socket-path'
import type { SOCKET_PROTOCOL_VERSION } from '../socket/wire'

/*
 * The forwarding socket's wire format, without zod (the remote helper imports this file).
 * A connection to the laptop's forwarding socket starts with one hello line from `keyward ssh`'s
 * relay, naming the host and session, then speaks the key socket's protocol (wire.ts): each
 * resolve request must name a profile, which the remote chose through its own bindings.
 */

/** The first line on a forwarding connection, written by the local `keyward ssh` (never by the remote). */
export interface ForwardHello {
  readonly v: typeof SOCKET_PROTOCOL_VERSION
  readonly op: 'forwarded'
  /** user@host, as the laptop's ssh named it. */
  readonly host: string
  /** A random id of the `keyward ssh` session: an approval is remembered for it only. */
  readonly session: string
}

/** The file name of the laptop's forwarding socket, beside the key socket in its private directory. */
export const FORWARD_SOCKET_FILE = 'forward.sock'

/**
 * Where the laptop's app or daemon listens for forwarded requests: the key socket's own 0700
 * directory (so the same sun_path and tmp fallbacks apply), file `forward.sock`; on Windows a named
 * pipe beside the key socket's. Empty path when the key socket's tmp directory is not claimed yet.
 */
export function forwardSocketLocation(keySocket: SocketLocation): SocketLocation {
  if (keySocket.kind === 'pipe') return { ...keySocket, path: `${keySocket.path}-forward` }
  if (keySocket.dir === null) return keySocket
  return { ...keySocket, path: join(keySocket.dir, FORWARD_SOCKET_FILE) }
}

/** A user name as it may appear in a path: anything outside [A-Za-z0-9._-] becomes "_". Both ends of `keyward ssh` use it. */
export function safePathUser(user: string): string {
  return user.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64) || 'user'
}

/**
 * The well-known path a `keyward ssh` session forwards to on the remote machine, and where the
 * remote's helper looks when KEYWARD_SOCKET is not set: `/tmp/keyward-forward-USER.sock`. The
 * laptop cannot know the remote's home or runtime directory before connecting, and sshd creates no
 * directories, so it is a file in /tmp: sshd binds it 0600 for the remote user, and /tmp's sticky
 * bit keeps other users from replacing it; the remote helper uses it only when it is a socket owned
 * by itself (see forwarded-location.ts).
 */
export function remoteForwardPath(user: string): string {
  return `/tmp/keyward-forward-${safePathUser(user)}.sock`
}
