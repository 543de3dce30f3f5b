import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { isatty } from 'node:tty'

/*
 * Reading Claude Code's status line input: at most `maxBytes`, and never waiting past `timeoutMs`
 * (a stdin left open must not hang the line). Reading stops early once the text so far is one
 * whole JSON object, which is all Claude Code sends.
 */

const complete = (text: string): boolean => {
  if (!text.trimEnd().endsWith('}')) return false
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/**
 * Reads stdin without building process.stdin where it can (the fast entry: that stream costs
 * milliseconds). A pipe is read through a second, non-blocking open of it (/dev/stdin), polled until
 * its end or the timeout: a blocking read still pending at exit would hold the process (libuv joins
 * its threads), and the parent's own descriptor is left as it was. A file or /dev/null is read
 * directly; a terminal not at all; a socket, or Windows, through the stream.
 */
export function readStdinFd(maxBytes: number, timeoutMs: number): Promise<string> {
  let stats
  try {
    stats = fstatSync(0)
  } catch {
    return Promise.resolve('')
  }
  if (isatty(0)) return Promise.resolve('')
  if (stats.isFile() || stats.isCharacterDevice()) return Promise.resolve(readAvailable(0, maxBytes).text)
  let fd: number
  try {
    if (!stats.isFIFO()) throw new Error('not a pipe')
    fd = openSync('/dev/stdin', constants.O_RDONLY | constants.O_NONBLOCK)
  } catch {
    return readStdinStream(process.stdin, maxBytes, timeoutMs)
  }
  const deadline = Date.now() + timeoutMs
  let text = ''
  return new Promise((done) => {
    const poll = (): void => {
      const read = readAvailable(fd, maxBytes - Buffer.byteLength(text))
      text += read.text
      if (read.ended || Buffer.byteLength(text) >= maxBytes || complete(text) || Date.now() >= deadline) {
        closeSync(fd)
        return done(text)
      }
      setTimeout(poll, 2)
    }
    poll()
  })
}

/** What can be read from `fd` now, up to `maxBytes`; `ended` at end of file (or an error), not on EAGAIN. */
function readAvailable(fd: number, maxBytes: number): { text: string; ended: boolean } {
  const chunks: Buffer[] = []
  let total = 0
  let ended = false
  while (total < maxBytes) {
    const buffer = Buffer.allocUnsafe(Math.min(16 * 1024, maxBytes - total))
    let n: number
    try {
      n = readSync(fd, buffer, 0, buffer.length, null)
    } catch (error) {
      ended = (error as NodeJS.ErrnoException).code !== 'EAGAIN'
      break
    }
    if (n === 0) {
      ended = true
      break
    }
    chunks.push(buffer.subarray(0, n))
    total += n
  }
  return { text: Buffer.concat(chunks).toString('utf8'), ended }
}

/** The same over a stream (the full CLI and tests, where the process is not exited at once): paused and let go at the end. */
export function readStdinStream(stream: NodeJS.ReadableStream & { isTTY?: boolean; destroy?: () => void }, maxBytes: number, timeoutMs: number): Promise<string> {
  if (stream.isTTY) return Promise.resolve('')
  return new Promise((done) => {
    const chunks: Buffer[] = []
    let total = 0
    const finish = (): void => {
      clearTimeout(timer)
      stream.removeListener('data', onData)
      stream.removeListener('end', finish)
      stream.removeListener('error', finish)
      stream.pause()
      stream.destroy?.()
      done(Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'))
    }
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      chunks.push(bytes)
      total += bytes.length
      if (total >= maxBytes || complete(Buffer.concat(chunks).toString('utf8'))) finish()
    }
    const timer = setTimeout(finish, timeoutMs)
    stream.on('data', onData)
    stream.once('end', finish)
    stream.once('error', finish)
  })
}
