import { netTransport } from './net-transport'
import { pipeBindingTransport } from './pipe-binding-transport'

/**
 * How the socket client talks to a Unix socket (a named pipe on Windows): connect, send one line,
 * hear back bytes. Two ways do it: Node's own pipe handle (pipe-binding-transport.ts), which the
 * helper uses because node:net and the stream machinery it loads cost about 7 ms of every helper
 * start, and node:net (net-transport.ts), used wherever that handle is not what this code expects.
 * Both pass one test suite (transport.test.ts).
 */

/** What one connection reports to its owner. Nothing is reported after `ended`, or after `close()`. */
export interface LineEvents {
  /** The peer accepted the connection; the line has been handed to the socket. */
  connected(): void
  /** Bytes from the peer. */
  data(chunk: Buffer): void
  /** The connection failed (`code`: an errno name such as ENOENT or ECONNREFUSED) or the peer closed it (`code`: null). */
  ended(code: string | null): void
}

/** An open connection; `close()` ends it at once and silences its events. */
export interface LineConnection {
  close(): void
}

/** Connects to `path` and sends `line` as soon as the connection is up. No event is reported before it returns. */
export type LineTransport = (path: string, line: string, events: LineEvents) => LineConnection

let chosen: LineTransport | undefined

/** The faster of the two that works in this process (decided once). */
export function socketTransport(): LineTransport {
  if (chosen === undefined) {
    const handle = pipeBindingTransport()
    chosen = handle === null ? netTransport : preferring(handle, netTransport)
  }
  return chosen
}

/** Every transport this Node offers, by name: node:net always, the pipe handle where it works. Tests run their cases over each. */
export function transportsOffered(): [string, LineTransport][] {
  const handle = pipeBindingTransport()
  return handle === null
    ? [['node:net', netTransport]]
    : [
        ['node:net', netTransport],
        ["Node's pipe handle", handle],
      ]
}

/**
 * `first`, until it throws when asked to connect (a Node whose handle changed in a way its shape
 * check cannot see), then `fallback` for that connection and every later one.
 */
export function preferring(first: LineTransport, fallback: LineTransport): LineTransport {
  let usable = true
  return (path, line, events) => {
    if (usable) {
      try {
        return first(path, line, events)
      } catch {
        usable = false
      }
    }
    return fallback(path, line, events)
  }
}
