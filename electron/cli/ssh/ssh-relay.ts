import { chmodSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Socket, connect, createServer } from 'node:net'
import type { ForwardHello } from '../../core/serving/forward/forward-wire'
import { isAlive, listenReplacingStale, removeIfSocket } from '../../core/serving/socket/socket-server'
import { SOCKET_PROTOCOL_VERSION } from '../../core/serving/socket/wire'

/** A running relay: the per-session socket ssh forwards to the remote machine. */
export interface SshRelay {
  readonly path: string
  close(): Promise<void>
}

/** One error reply line in the key socket's format, for a remote whose laptop side failed. */
export function relayError(code: string, message: string): string {
  return `${JSON.stringify({ v: SOCKET_PROTOCOL_VERSION, ok: false, error: { code, message } })}\n`
}

/**
 * Listens on `path` (in the key socket's private directory) and joins each connection from the
 * remote (through ssh) to the app's or daemon's forwarding socket at `upstream`, after writing the
 * hello that names the host and session. Nothing from the remote is read here: the forwarding
 * socket enforces every bound. At most `maxConnections` at once.
 */
export async function startSshRelay(options: { path: string; upstream: string; hello: ForwardHello; maxConnections?: number }): Promise<SshRelay> {
  const max = options.maxConnections ?? 64
  const open = new Set<Socket>()
  const hello = `${JSON.stringify(options.hello)}\n`
  const server = createServer({ allowHalfOpen: false, pauseOnConnect: true }, (remote) => {
    remote.on('error', () => remote.destroy())
    if (open.size >= max) {
      remote.end(relayError('UNAVAILABLE', `the laptop is relaying ${max} connections already; try again`))
      return
    }
    open.add(remote)
    const up = connect(options.upstream)
    let joined = false
    up.once('connect', () => {
      joined = true
      up.write(hello)
      remote.pipe(up)
      up.pipe(remote)
      remote.resume()
    })
    up.on('error', (error: NodeJS.ErrnoException) => {
      if (!joined) remote.end(relayError('UNAVAILABLE', `the Keyward app or daemon on the laptop is not running any more (${error.code ?? 'no answer'}); start it there, then run keyward ssh again`))
      else remote.destroy()
    })
    remote.once('close', () => {
      open.delete(remote)
      up.destroy()
    })
    up.once('close', () => {
      if (joined) remote.end()
    })
  })
  server.on('error', () => {})
  await listenReplacingStale(server, { path: options.path, dir: null, kind: 'data' })
  chmodSync(options.path, 0o600)
  return {
    path: options.path,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy()
        server.close(() => {
          removeIfSocket(options.path)
          resolve()
        })
      }),
  }
}

/** A relay socket's file name in the private run directory: `s-` and 8 hex digits of the session. */
export function relayFileName(session: string): string {
  return `s-${session.slice(0, 8)}.sock`
}

/** Removes relay sockets of `keyward ssh` sessions that were killed (nothing listens on them any more). */
export async function sweepDeadRelays(dir: string): Promise<void> {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names.filter((n) => /^s-[0-9a-f]{8}\.sock$/.test(n)).slice(0, 100)) {
    const path = join(dir, name)
    if (!(await isAlive(path))) removeIfSocket(path)
  }
}
