import { lstatSync } from 'node:fs'
import { userInfo } from 'node:os'
import { remoteForwardPath } from './forward-wire'

/*
 * The remote side of `keyward ssh`: where this machine's helper finds a socket forwarded from a
 * laptop. On the helper's fast path (zod-free, node:fs and node:os only).
 */

/** A forwarded socket to ask: from KEYWARD_SOCKET (explicit), or the well-known path `keyward ssh` forwards to. */
export interface ForwardedSocket {
  readonly path: string
  /** Set by KEYWARD_SOCKET: then nothing else is tried, and a missing socket is an error, not a fallback. */
  readonly explicit: boolean
}

/**
 * The forwarded socket this process should use, or null: KEYWARD_SOCKET when set (non-empty),
 * else `/tmp/keyward-forward-USER.sock` when something is at that path.
 */
export function findForwardedSocket(env: NodeJS.ProcessEnv, user: () => string = currentUserName): ForwardedSocket | null {
  if (env.KEYWARD_SOCKET) return { path: env.KEYWARD_SOCKET, explicit: true }
  if (process.platform === 'win32') return null
  const path = remoteForwardPath(user())
  try {
    lstatSync(path)
    return { path, explicit: false }
  } catch {
    return null
  }
}

/**
 * Why `path` must not be asked, or null: only a socket owned by this user is (in /tmp another user
 * could have put one there to hand out keys of their choosing). `missing` is the laptop unreachable.
 */
export function forwardedSocketProblem(path: string, uid: number | undefined = process.getuid?.()): { kind: 'missing' | 'untrusted'; message: string } | null {
  let stat
  try {
    stat = lstatSync(path)
  } catch {
    return { kind: 'missing', message: unreachable(path) }
  }
  if (!stat.isSocket()) return { kind: 'untrusted', message: `${path} is not a socket, so no key was asked from it; remove it, then reconnect with keyward ssh` }
  if (uid !== undefined && stat.uid !== uid) {
    return { kind: 'untrusted', message: `${path} belongs to another user (uid ${stat.uid}), so no key was asked from it; remove it as that user or root, then reconnect with keyward ssh` }
  }
  return null
}

/** The one line for a laptop that does not answer. */
export function unreachable(path: string): string {
  return `the laptop that forwarded keys to this machine does not answer on ${path} (its keyward ssh session has ended?); reconnect from the laptop with: keyward ssh HOST`
}

function currentUserName(): string {
  try {
    return userInfo().username
  } catch {
    return String(process.getuid?.() ?? 'user')
  }
}
