import { type Socket, connect } from 'node:net'

/** A line-oriented client on one socket connection: send a line, read the next reply line. */
export interface LineClient {
  /** Sends `line` (a newline is added) and resolves with the next reply line, or null if the connection closed. */
  request(line: string, timeoutMs?: number): Promise<string | null>
  /** Writes raw bytes without waiting for an answer. */
  write(data: string | Buffer): void
  readonly socket: Socket
  close(): void
}

/** Connects to a Unix socket (rejects on error within `timeoutMs`). */
export function connectLines(path: string, timeoutMs = 5_000): Promise<LineClient> {
  return new Promise((done, fail) => {
    const socket = connect(path)
    const timer = setTimeout(() => {
      socket.destroy()
      fail(new Error(`connect to ${path} timed out`))
    }, timeoutMs)
    let buffered = ''
    let closed = false
    const waiting: ((line: string | null) => void)[] = []
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      buffered += chunk
      let newline = buffered.indexOf('\n')
      while (newline !== -1) {
        const line = buffered.slice(0, newline)
        buffered = buffered.slice(newline + 1)
        waiting.shift()?.(line)
        newline = buffered.indexOf('\n')
      }
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      closed = true
      for (const w of waiting.splice(0)) w(null)
    })
    socket.once('connect', () => {
      clearTimeout(timer)
      done({
        socket,
        request: (line, replyTimeoutMs = 10_000) =>
          new Promise((resolveLine) => {
            if (closed) return resolveLine(null)
            const t = setTimeout(() => {
              const i = waiting.indexOf(settle)
              if (i !== -1) waiting.splice(i, 1)
              resolveLine(null)
            }, replyTimeoutMs)
            const settle = (reply: string | null) => {
              clearTimeout(t)
              resolveLine(reply)
            }
            waiting.push(settle)
            socket.write(`${line}\n`)
          }),
        write: (data) => {
          if (!closed) socket.write(data)
        },
        close: () => socket.destroy(),
      })
    })
    socket.once('error', (error) => {
      clearTimeout(timer)
      fail(error)
    })
  })
}

/** One request on a fresh connection: the whole reply text (everything until the server closes or `timeoutMs`). */
export function oneShot(path: string, data: string | Buffer, timeoutMs = 3_000): Promise<{ reply: string; error: string | null }> {
  return new Promise((done) => {
    const socket = connect(path)
    let reply = ''
    let settled = false
    const finish = (error: string | null) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      done({ reply, error })
    }
    const timer = setTimeout(() => finish(null), timeoutMs)
    socket.setEncoding('utf8')
    socket.on('data', (c: string) => {
      reply += c
      if (reply.includes('\n')) finish(null)
    })
    socket.once('connect', () => {
      socket.write(data)
    })
    socket.once('error', (e: NodeJS.ErrnoException) => finish(e.code ?? e.message))
    socket.once('close', () => finish(null))
  })
}
