import type { Socket } from 'node:net'
import { createServer } from 'node:net'
import { chmodSync } from 'node:fs'
import { KeywardError } from '../../../../shared/keyward-error'
import { DEFAULT_SOCKET_LIMITS, type SocketLimits, serveConnection } from '../socket/socket-connection'
import { errorReply } from '../socket/socket-handler'
import type { SocketKeySource } from '../socket/socket-handler'
import type { SocketLocation } from '../socket/socket-path'
import { listenReplacingStale, removeIfSocket } from '../socket/socket-server'
import type { KeySocketServer } from '../socket/socket-server'
import type { ServedKey } from '../../keys/key-service'
import type { ForwardHello } from './forward-wire'
import { SOCKET_PROTOCOL_VERSION } from '../socket/wire'

/** What the forwarding socket serves from: the key service's forwarded path. */
export interface ForwardKeySource {
  resolveForwarded(name: string, cwd: string, agent: string | undefined, remote: { host: string; session: string }): Promise<ServedKey>
}

/** What the host passes to start the forwarding socket. */
export interface ForwardSocketOptions {
  readonly keys: ForwardKeySource
  readonly location: SocketLocation
  readonly log?: (line: string) => void
  readonly limits?: Partial<SocketLimits>
  /** How long the hello line may take (the relay writes it at once). */
  readonly helloTimeoutMs?: number
}

const NEWLINE = 0x0a
const MAX_HELLO_BYTES = 1024
const HOST = /^[A-Za-z0-9._@:%[\]-]{1,255}$/
const SESSION = /^[0-9a-f]{16,64}$/

/** The hello line checked by hand: a known shape, a host of host-name characters, a hex session id; else null. */
export function parseHello(line: string): ForwardHello | null {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch {
    return null
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null
  const hello = json as Record<string, unknown>
  if (Object.keys(hello).length !== 4 || hello.v !== SOCKET_PROTOCOL_VERSION || hello.op !== 'forwarded') return null
  if (typeof hello.host !== 'string' || !HOST.test(hello.host) || typeof hello.session !== 'string' || !SESSION.test(hello.session)) return null
  return { v: SOCKET_PROTOCOL_VERSION, op: 'forwarded', host: hello.host, session: hello.session }
}

/**
 * Starts the forwarding socket: a second listener beside the key socket, for `keyward ssh`'s relay.
 * Its peer is a hostile remote machine behind ssh, so: no directory is looked up, every request must
 * name a profile, only forwardable profiles are served (key-service.ts resolveForwarded), and the
 * key socket's bounds apply (line size, read and idle timeouts, queue, connection count).
 */
export async function startForwardSocketServer(options: ForwardSocketOptions): Promise<KeySocketServer> {
  const limits: SocketLimits = { ...DEFAULT_SOCKET_LIMITS, ...options.limits }
  const log = options.log ?? (() => {})
  const helloTimeoutMs = options.helloTimeoutMs ?? limits.readTimeoutMs
  const connections = new Set<Socket>()
  const server = createServer({ allowHalfOpen: false }, (socket) => {
    socket.on('error', () => socket.destroy())
    if (connections.size >= limits.maxConnections) {
      socket.resume()
      socket.setTimeout(1_000, () => socket.destroy())
      socket.end(`${JSON.stringify(errorReply('UNAVAILABLE', `Keyward is serving ${limits.maxConnections} forwarded connections already; try again`))}\n`)
      return
    }
    connections.add(socket)
    socket.once('close', () => connections.delete(socket))
    awaitHello(socket, helloTimeoutMs, (hello) => serveConnection(socket, forwardedSource(options.keys, hello), limits, log, null))
  })
  server.on('error', (error) => log(`forwarding socket: ${error.message}`))
  await listenReplacingStale(server, options.location)
  if (options.location.kind !== 'pipe') chmodSync(options.location.path, 0o600)
  return {
    location: options.location,
    connectionCount: () => connections.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of connections) socket.destroy()
        server.close(() => {
          if (options.location.kind !== 'pipe') removeIfSocket(options.location.path)
          resolve()
        })
      }),
  }
}

/** Reads the hello line (bounded, timed), then hands the connection, with any bytes after it, to `serve`. */
function awaitHello(socket: Socket, timeoutMs: number, serve: (hello: ForwardHello) => void): void {
  let pending = Buffer.alloc(0)
  const refuse = (message: string) => {
    socket.removeListener('data', onData)
    clearTimeout(timer)
    socket.end(`${JSON.stringify(errorReply('INVALID_INPUT', message))}\n`)
    socket.setTimeout(1_000, () => socket.destroy())
  }
  const timer = setTimeout(() => refuse('no hello within the time allowed; connect through keyward ssh'), timeoutMs)
  socket.once('close', () => clearTimeout(timer))
  const onData = (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk])
    const newline = pending.indexOf(NEWLINE)
    if (newline === -1) {
      if (pending.length > MAX_HELLO_BYTES) refuse('the hello line is too long; connect through keyward ssh')
      return
    }
    if (newline > MAX_HELLO_BYTES) return refuse('the hello line is too long; connect through keyward ssh')
    const hello = parseHello(pending.subarray(0, newline).toString('utf8'))
    if (hello === null) return refuse('this is the forwarding socket: a connection starts with the hello of keyward ssh')
    clearTimeout(timer)
    socket.removeListener('data', onData)
    socket.pause()
    const rest = pending.subarray(newline + 1)
    if (rest.length > 0) socket.unshift(rest)
    serve(hello)
    socket.resume()
  }
  socket.on('data', onData)
}

/** The key socket's handler over the forwarded path: a resolve must name a profile; `ping` works as on the key socket. */
function forwardedSource(keys: ForwardKeySource, hello: ForwardHello): SocketKeySource {
  const remote = { host: hello.host, session: hello.session }
  return {
    async resolve() {
      throw new KeywardError('INVALID_INPUT', 'a forwarded request must name a profile; on the remote machine, bind one: keyward use NAME --dir DIR')
    },
    resolveProfile: (profile, cwd, agent) => keys.resolveForwarded(profile, cwd, agent, remote),
  }
}
