import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { type Server, type Socket, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type LineTransport, preferring, transportsOffered } from './line-transport'
import { netTransport } from './net-transport'
import { pipeBindingTransport } from './pipe-binding-transport'

/*
 * The same cases against both line transports, over real Unix sockets: what the socket client
 * sees must not depend on which one this Node offers.
 */

type Heard = { connected: boolean; data: Buffer; ended: string | null | undefined }

/** Connects with `transport`, sends `line`, and collects what it reports until it ends (or `closeAfter` bytes arrived, then closes). */
function converse(transport: LineTransport, path: string, line: string, closeAfter = Infinity): Promise<Heard> {
  return new Promise((resolve) => {
    const heard: Heard = { connected: false, data: Buffer.alloc(0), ended: undefined }
    const connection = transport(path, line, {
      connected: () => (heard.connected = true),
      data(chunk) {
        heard.data = Buffer.concat([heard.data, chunk])
        if (heard.data.length >= closeAfter) {
          connection.close()
          resolve(heard)
        }
      },
      ended(code) {
        heard.ended = code
        resolve(heard)
      },
    })
  })
}

const transports = transportsOffered()

it("offers the pipe-handle transport on this project's Node (the helper's fast path)", () => {
  expect(pipeBindingTransport()).not.toBeNull()
  expect(transports.map(([name]) => name)).toEqual(['node:net', "Node's pipe handle"])
})

it('is not offered when process.binding warns (--pending-deprecation wraps it)', () => {
  const host = process as unknown as { binding: (name: string) => unknown }
  const original = host.binding
  try {
    host.binding = function deprecated(name: string) {
      return original.call(process, name)
    }
    expect(pipeBindingTransport()).toBeNull()
  } finally {
    host.binding = original
  }
})

let dir: string
let server: Server | null = null
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kw-transport-'))
})
afterEach(async () => {
  await new Promise((done) => (server ? server.close(done) : done(undefined)))
  server = null
  rmSync(dir, { recursive: true, force: true })
})

/** Listens on a socket in the test directory; `onLine` gets the first line each client sends. */
async function listen(onLine: (line: string, socket: Socket) => void): Promise<string> {
  const path = join(dir, 'test.sock')
  server = createServer((socket) => {
    let text = ''
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8')
      const end = text.indexOf('\n')
      if (end !== -1) onLine(text.slice(0, end), socket)
    })
    socket.on('error', () => {})
  })
  await new Promise<void>((done) => server!.listen(path, done))
  return path
}

describe.each(transports)('the line transport over %s', (_name, transport) => {
  it('reports ENOENT, never connected, when nothing is at the path', async () => {
    expect(await converse(transport, join(dir, 'none.sock'), 'x\n')).toEqual({ connected: false, data: Buffer.alloc(0), ended: 'ENOENT' })
  })

  it('reports ECONNREFUSED for a socket file nobody listens on', async () => {
    const path = join(dir, 'stale.sock')
    // A process killed while listening leaves its socket file behind.
    spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`], { timeout: 10_000 })
    expect(await converse(transport, path, 'x\n')).toEqual({ connected: false, data: Buffer.alloc(0), ended: 'ECONNREFUSED' })
  })

  it('sends the line as UTF-8 and hears a reply split across writes, then the close', async () => {
    const path = await listen((line, socket) => {
      const reply = Buffer.from(`${line.toUpperCase()} 日本\n`)
      socket.write(reply.subarray(0, reply.length - 3))
      setTimeout(() => socket.end(reply.subarray(reply.length - 3)), 20)
    })
    const heard = await converse(transport, path, 'café\n')
    expect({ ...heard, data: heard.data.toString('utf8') }).toEqual({ connected: true, data: 'CAFÉ 日本\n', ended: null })
  })

  it('hears a reply of several megabytes whole', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 0x62)
    const path = await listen((_line, socket) => socket.end(big))
    const heard = await converse(transport, path, 'big\n')
    expect(heard.ended).toBeNull()
    expect(heard.data.equals(big)).toBe(true)
  })

  it('closes on request: the peer sees the close, and nothing is reported after', async () => {
    let peerClosed!: () => void
    const closedByPeer = new Promise<void>((done) => (peerClosed = done))
    const path = await listen((_line, socket) => {
      socket.on('close', () => peerClosed())
      socket.write('first\n')
      setTimeout(() => socket.write('second\n'), 50)
    })
    const heard = await converse(transport, path, 'x\n', 6)
    await closedByPeer
    await new Promise((done) => setTimeout(done, 100))
    expect({ ...heard, data: heard.data.toString() }).toEqual({ connected: true, data: 'first\n', ended: undefined })
  })
})

describe('preferring one transport over another', () => {
  it('uses the first until it throws when asked to connect, then the fallback for good', async () => {
    const path = await listen((line, socket) => socket.end(`${line}!\n`))
    let calls = 0
    const throwing: LineTransport = () => {
      calls++
      throw new TypeError('this Node changed its pipe handle')
    }
    const transport = preferring(throwing, netTransport)
    for (const line of ['one', 'two']) {
      const heard = await converse(transport, path, `${line}\n`)
      expect({ ...heard, data: heard.data.toString() }).toEqual({ connected: true, data: `${line}!\n`, ended: null })
    }
    expect(calls).toBe(1)
  })
})
