import type { Socket } from 'node:net'
import type { ConnectionCaller } from '../peer/peer-identity'
import { type SocketKeySource, errorReply, handleRequestLine } from './socket-handler'
import { MAX_REQUEST_LINE_BYTES, type SocketReply } from './wire'

/** The limits that keep one client from exhausting the server. */
export interface SocketLimits {
  /** Longest request line in bytes, newline included. */
  readonly maxLineBytes: number
  /** A connection with no traffic for this long is closed. */
  readonly idleTimeoutMs: number
  /** A request line started but not finished within this long gets an error and the connection is closed. */
  readonly readTimeoutMs: number
  /** Connections beyond this many get an UNAVAILABLE reply and are closed. */
  readonly maxConnections: number
  /** Requests one connection may have waiting for answers (pipelining); beyond it the connection is closed. */
  readonly maxQueuedPerConnection: number
}

/** Defaults sized for many short helper calls and a burst of parallel ones. */
export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxLineBytes: MAX_REQUEST_LINE_BYTES,
  idleTimeoutMs: 30_000,
  readTimeoutMs: 5_000,
  maxConnections: 256,
  maxQueuedPerConnection: 64,
}

const NEWLINE = 0x0a

/**
 * Serves one connection: splits the byte stream into lines, answers them in order, and enforces
 * the line size, the read and idle timeouts and the queue bound. Errors end only this connection.
 * `caller` is who connected, as the OS says (identified once, at accept; its working directory read
 * again as each request's turn comes), passed with every request.
 */
export function serveConnection(socket: Socket, keys: SocketKeySource, limits: SocketLimits, log: (line: string) => void, caller: ConnectionCaller | null = null): void {
  let pending: Buffer = Buffer.alloc(0)
  let queued = 0
  let chain: Promise<void> = Promise.resolve()
  let readTimer: NodeJS.Timeout | null = null
  let closing = false

  const send = (reply: SocketReply) => {
    if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(reply)}\n`)
  }
  // Answers already queued go out first, then the final error, then the connection closes.
  const finish = (reply: SocketReply) => {
    if (closing) return
    closing = true
    clearReadTimer()
    // Keep reading (and dropping) so the peer's close is noticed; destroy if it never closes.
    chain = chain.then(() => {
      send(reply)
      socket.end()
      socket.setTimeout(1_000, () => socket.destroy())
    })
  }
  const clearReadTimer = () => {
    if (readTimer) clearTimeout(readTimer)
    readTimer = null
  }

  socket.setTimeout(limits.idleTimeoutMs, () => socket.destroy())
  socket.on('error', () => socket.destroy())
  socket.on('close', clearReadTimer)
  socket.on('data', (chunk: Buffer) => {
    if (closing) return
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    let newline = pending.indexOf(NEWLINE)
    while (newline !== -1) {
      if (newline + 1 > limits.maxLineBytes) return finish(oversized(limits))
      const line = pending.subarray(0, newline).toString('utf8')
      pending = pending.subarray(newline + 1)
      if (line.trim() !== '') {
        if (++queued > limits.maxQueuedPerConnection) {
          return finish(errorReply('UNAVAILABLE', `more than ${limits.maxQueuedPerConnection} requests waiting on one connection; wait for answers before sending more`))
        }
        chain = chain.then(async () => {
          send(await handleRequestLine(line, keys, log, caller === null ? null : caller.current()))
          queued--
        })
      }
      newline = pending.indexOf(NEWLINE)
    }
    if (pending.length >= limits.maxLineBytes) return finish(oversized(limits))
    clearReadTimer()
    if (pending.length > 0) {
      readTimer = setTimeout(() => finish(errorReply('TIMEOUT', `the request line was not finished within ${limits.readTimeoutMs} ms`)), limits.readTimeoutMs)
      readTimer.unref()
    }
  })
}

function oversized(limits: SocketLimits): SocketReply {
  return errorReply('INVALID_INPUT', `the request line is longer than ${limits.maxLineBytes} bytes; the connection is closed`)
}
