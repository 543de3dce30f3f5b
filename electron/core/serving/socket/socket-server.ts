import { chmodSync, lstatSync, unlinkSync } from 'node:fs'
import { type Server, type Socket, connect, createServer } from 'node:net'
import { KeywardError } from '../../../../shared/errors'
import { DEFAULT_SOCKET_LIMITS, type SocketLimits, serveConnection } from './socket-connection'
import { type ConnectionCaller, type PeerLookup, UNIDENTIFIED, connectionCaller } from '../peer/peer-identity'
import { loadOsPeerLookup } from '../peer/os-peer-lookup'
import { prepareSocketDir } from './socket-dir'
import type { SocketKeySource } from './socket-handler'
import { errorReply } from './socket-handler'
import { type SocketLocation, socketLocation } from './socket-path'

/** What the host passes to start the key socket. */
export interface KeySocketOptions {
  readonly keys: SocketKeySource
  readonly dataDir: string
  readonly env?: NodeJS.ProcessEnv
  readonly log?: (line: string) => void
  readonly limits?: Partial<SocketLimits>
  /** Overrides where to listen (tests); defaults to `socketLocation(dataDir, env)`. */
  readonly location?: SocketLocation
  /** How callers are identified (peer credentials); the OS's own by default, null to not identify them (tests of other things). */
  readonly peers?: PeerLookup | null
}

/** A running key socket. */
export interface KeySocketServer {
  readonly location: SocketLocation
  /** Connections open right now (tests and doctor read it). */
  connectionCount(): number
  close(): Promise<void>
}

/**
 * Starts the key socket the helper talks to. A leftover socket file from a dead process is
 * replaced; a live one means another daemon or the app already serves keys, which is an error.
 * Both hosts call this: `keyward daemon` and the Electron app.
 */
export async function startKeySocketServer(options: KeySocketOptions): Promise<KeySocketServer> {
  const location = await prepareSocketDir(options.dataDir, options.location ?? socketLocation(options.dataDir, options.env ?? process.env))
  const limits: SocketLimits = { ...DEFAULT_SOCKET_LIMITS, ...options.limits }
  const log = options.log ?? (() => {})
  const peers = options.peers !== undefined ? options.peers : await loadOsPeerLookup(process.platform, log)

  const connections = new Set<Socket>()
  const server = createServer({ allowHalfOpen: false }, (socket) => {
    if (connections.size >= limits.maxConnections) {
      socket.on('error', () => socket.destroy())
      // Reading is what notices the peer's close; the timeout catches a peer that never closes.
      socket.resume()
      socket.setTimeout(1_000, () => socket.destroy())
      socket.end(`${JSON.stringify(errorReply('UNAVAILABLE', `Keyward is serving ${limits.maxConnections} connections already; try again`))}\n`)
      return
    }
    connections.add(socket)
    socket.once('close', () => connections.delete(socket))
    // Identified at accept, while the peer waits for its answer; each request re-reads only the working directory.
    const caller = peers === null ? null : safeIdentify(socket, peers, log)
    if (caller) socket.once('close', () => caller.close())
    serveConnection(socket, options.keys, limits, log, caller)
  })
  // An accept failure (EMFILE) must not kill the host; the client sees a refused connection and falls back.
  server.on('error', (error) => log(`socket: ${error.message}`))

  await listenReplacingStale(server, location)
  if (location.kind !== 'pipe') chmodSync(location.path, 0o600)

  return {
    location,
    connectionCount: () => connections.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of connections) socket.destroy()
        server.close(() => {
          if (location.kind !== 'pipe') removeIfSocket(location.path)
          resolve()
        })
      }),
  }
}

/** The caller of a connection; a lookup that throws (an FFI surprise) must not take the server down: that caller is UNIDENTIFIED. */
function safeIdentify(socket: Socket, peers: PeerLookup, log: (line: string) => void): ConnectionCaller {
  const failed = (error: unknown): ConnectionCaller => {
    log(`socket: could not identify a caller (${error instanceof Error ? error.message : String(error)})`)
    return { current: () => UNIDENTIFIED, close() {} }
  }
  try {
    const caller = connectionCaller(socket, peers)
    return {
      current() {
        try {
          return caller.current()
        } catch (error) {
          return failed(error).current()
        }
      },
      close: () => caller.close(),
    }
  } catch (error) {
    return failed(error)
  }
}

/** Listens on `location`, replacing a stale socket file; CONFLICT when a live server holds it (the forwarding socket reuses this). */
export async function listenReplacingStale(server: Server, location: SocketLocation): Promise<void> {
  try {
    return await listen(server, location.path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
  }
  if (location.kind === 'pipe' || (await isAlive(location.path))) {
    throw new KeywardError('CONFLICT', `another Keyward app or daemon is already serving keys on ${location.path}; stop it first, or keep using it`)
  }
  const stat = lstatSync(location.path)
  if (!stat.isSocket()) throw new KeywardError('CONFLICT', `${location.path} is in the way and is not a socket; remove it and start again`)
  unlinkSync(location.path)
  await listen(server, location.path)
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    server.once('error', onError)
    server.listen(path, () => {
      server.off('error', onError)
      resolve()
    })
  })
}

/** True when something accepts connections on `path`: a stale file refuses them. */
export function isAlive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path)
    const timer = setTimeout(() => done(true), 1_000)
    const done = (alive: boolean) => {
      clearTimeout(timer)
      probe.destroy()
      resolve(alive)
    }
    probe.once('connect', () => done(true))
    probe.once('error', () => done(false))
  })
}

/** Removes `path` if it is a socket file (never anything else). */
export function removeIfSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path)
  } catch {
    // Already gone: nothing to clean up.
  }
}
