import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { type Socket, connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KeywardError } from '../../../../shared/errors'
import { askForKey, exchange } from './socket-client'
import type { SocketKeySource } from './socket-handler'
import { type KeySocketServer, startKeySocketServer } from './socket-server'
import { socketLocation } from './socket-path'
import { transportsOffered } from './transport/line-transport'

const KEY_A = `sk-ant-api03-${'a'.repeat(86)}AA`

/** A fake key service: /work/a and below is bound to profile "a"; everything else is unbound. */
const fakeKeys: SocketKeySource = {
  async resolve(cwd) {
    if (cwd === '/work/a' || cwd.startsWith('/work/a/')) return { profile: 'a', key: KEY_A }
    if (cwd === '/boom') throw new Error(`exploded with ${KEY_A}`)
    throw new KeywardError('NOT_BOUND', `no key is bound to ${cwd} or its parents; run: keyward use <profile> --dir ${cwd}`)
  },
}

let dataDir: string
let server: KeySocketServer | null = null
const logged: string[] = []

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'kw-sock-'))
  logged.length = 0
})
afterEach(async () => {
  await server?.close()
  server = null
  rmSync(dataDir, { recursive: true, force: true })
})

async function start(limits = {}): Promise<KeySocketServer> {
  server = await startKeySocketServer({ keys: fakeKeys, dataDir, limits, log: (l) => logged.push(l) })
  return server
}

/** Opens a connection, writes `data`, and collects reply lines until `count` arrived or the server closed. */
function talk(path: string, data: string | Buffer, count = 1, timeoutMs = 3_000): Promise<{ replies: Record<string, unknown>[]; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(path)
    let text = ''
    let closed = false
    const timer = setTimeout(() => reject(new Error(`no ${count} replies within ${timeoutMs} ms; got ${text}`)), timeoutMs)
    const done = () => {
      clearTimeout(timer)
      const replies = text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
      socket.destroy()
      resolve({ replies, closed })
    }
    socket.on('connect', () => socket.write(data))
    socket.on('data', (c) => {
      text += c.toString()
      if (text.split('\n').filter(Boolean).length >= count && count > 0) done()
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      closed = true
      done()
    })
  })
}

const line = (value: unknown) => `${JSON.stringify(value)}\n`

describe('the key socket server', () => {
  it('serves the key bound to a directory and its subdirectories', async () => {
    const s = await start()
    const { replies } = await talk(s.location.path, line({ v: 1, op: 'resolve', cwd: '/work/a/src', agent: 'claude-code_2_harness' }))
    expect(replies[0]).toEqual({ v: 1, ok: true, profile: 'a', key: KEY_A })
  })

  it('answers ping with its pid', async () => {
    const s = await start()
    const { replies } = await talk(s.location.path, line({ v: 1, op: 'ping' }))
    expect(replies[0]).toMatchObject({ v: 1, ok: true, pong: true, pid: process.pid })
  })

  it('passes the key service error through with its code', async () => {
    const s = await start()
    const { replies } = await talk(s.location.path, line({ v: 1, op: 'resolve', cwd: '/elsewhere' }))
    expect(replies[0]).toEqual({ v: 1, ok: false, error: { code: 'NOT_BOUND', message: 'no key is bound to /elsewhere or its parents; run: keyward use <profile> --dir /elsewhere' } })
  })

  it('hides unexpected failures behind INTERNAL and logs them redacted', async () => {
    const s = await start()
    const { replies } = await talk(s.location.path, line({ v: 1, op: 'resolve', cwd: '/boom' }))
    expect(replies[0]).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(replies[0])).not.toContain('sk-ant-api03')
    expect(logged.join('\n')).toContain('sk-ant-[redacted]')
    expect(logged.join('\n')).not.toContain(KEY_A)
  })

  it('rejects malformed JSON, wrong types, unknown ops and versions, and keeps the connection serving', async () => {
    const s = await start()
    const { replies, closed } = await talk(
      s.location.path,
      '{"v":1,"op":"resolve",\n' +
        line([1, 2]) +
        line({ v: 1, op: 'resolve', cwd: 42 }) +
        line({ v: 1, op: 'resolve', cwd: 'relative/dir' }) +
        line({ v: 1, op: 'resolve', cwd: '/work/a', extra: true }) +
        line({ v: 1, op: 'delete-everything' }) +
        line({ v: 2, op: 'ping' }) +
        line({ v: 1, op: 'resolve', cwd: '/work/a' }),
      8,
    )
    expect(closed).toBe(false)
    const codes = replies.map((r) => (r.ok ? 'ok' : (r.error as { code: string }).code))
    expect(codes).toEqual(['INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'ok'])
    const messages = replies.slice(0, 7).map((r) => (r.error as { message: string }).message)
    expect(messages[0]).toMatch(/not valid JSON/)
    expect(messages[1]).toMatch(/must be a JSON object/)
    expect(messages[2]).toMatch(/^resolve: cwd: /)
    expect(messages[3]).toMatch(/absolute path/)
    expect(messages[5]).toMatch(/unknown op "delete-everything"/)
    expect(messages[6]).toMatch(/protocol version 2/)
  })

  it('closes the connection on an oversized line with a specific error, and keeps serving others', async () => {
    const s = await start()
    const huge = line({ v: 1, op: 'resolve', cwd: `/${'x'.repeat(9000)}` })
    const { replies, closed } = await talk(s.location.path, huge, 2)
    expect(closed).toBe(true)
    expect(replies).toEqual([{ v: 1, ok: false, error: { code: 'INVALID_INPUT', message: 'the request line is longer than 8192 bytes; the connection is closed' } }])
    const after = await talk(s.location.path, line({ v: 1, op: 'resolve', cwd: '/work/a' }))
    expect(after.replies[0]).toMatchObject({ ok: true, profile: 'a' })
  })

  it('closes an oversized line even when it never ends', async () => {
    const s = await start()
    const { replies, closed } = await talk(s.location.path, Buffer.alloc(20_000, 0x41), 2)
    expect(closed).toBe(true)
    expect(replies[0]).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('survives binary garbage', async () => {
    const s = await start({ readTimeoutMs: 200 })
    const garbage = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256))
    const { closed } = await talk(s.location.path, garbage, 1_000)
    expect(closed).toBe(true)
    const after = await talk(s.location.path, line({ v: 1, op: 'ping' }))
    expect(after.replies[0]).toMatchObject({ ok: true, pong: true })
  })

  it('gives up on a line that is started but never finished (read timeout)', async () => {
    const s = await start({ readTimeoutMs: 100 })
    const { replies, closed } = await talk(s.location.path, '{"v":1,"op":"pi', 2)
    expect(closed).toBe(true)
    expect(replies[0]).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } })
  })

  it('closes idle connections (idle timeout)', async () => {
    const s = await start({ idleTimeoutMs: 100 })
    const { replies, closed } = await talk(s.location.path, '', 0)
    expect(closed).toBe(true)
    expect(replies).toEqual([])
  })

  it('answers many parallel connections', async () => {
    const s = await start()
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => talk(s.location.path, line({ v: 1, op: 'resolve', cwd: `/work/a/${i}` }))))
    expect(results.every((r) => r.replies[0]?.ok === true)).toBe(true)
  })

  it('answers pipelined requests in order', async () => {
    const s = await start()
    const batch = Array.from({ length: 50 }, (_, i) => line({ v: 1, op: 'resolve', cwd: i % 2 ? '/work/a' : '/nope' })).join('')
    const { replies } = await talk(s.location.path, batch, 50)
    expect(replies.map((r) => r.ok)).toEqual(Array.from({ length: 50 }, (_, i) => i % 2 === 1))
  })

  it('refuses connections beyond the cap with UNAVAILABLE', async () => {
    const s = await start({ maxConnections: 3 })
    const held: Socket[] = []
    for (let i = 0; i < 3; i++) {
      const socket = connect(s.location.path)
      await new Promise((r) => socket.once('connect', r))
      held.push(socket)
    }
    await expect.poll(() => s.connectionCount()).toBe(3)
    const { replies, closed } = await talk(s.location.path, '', 2)
    expect(closed).toBe(true)
    expect(replies[0]).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
    for (const socket of held) socket.destroy()
  })

  it('makes the directory 0700 and the socket 0600', async () => {
    const s = await start()
    expect(s.location.kind).toBe('data')
    expect(statSync(s.location.dir!).mode & 0o777).toBe(0o700)
    expect(statSync(s.location.path).mode & 0o777).toBe(0o600)
  })

  it('replaces a stale socket file left by a dead process', async () => {
    const location = socketLocation(dataDir)
    mkdirSync(location.dir!, { recursive: true, mode: 0o700 })
    // A process that dies by SIGKILL while listening leaves its socket file behind.
    spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(location.path)}, () => process.kill(process.pid, 'SIGKILL'))`], { timeout: 10_000 })
    expect(statSync(location.path).isSocket()).toBe(true)
    const s = await start()
    const { replies } = await talk(s.location.path, line({ v: 1, op: 'ping' }))
    expect(replies[0]).toMatchObject({ ok: true })
  })

  it('refuses to start when another server is alive on the socket', async () => {
    await start()
    await expect(startKeySocketServer({ keys: fakeKeys, dataDir })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already serving keys/) })
  })

  it('removes its socket file on close', async () => {
    const s = await start()
    await s.close()
    server = null
    expect(() => statSync(s.location.path)).toThrow()
  })
})

describe.each(transportsOffered())('the helper side of the socket, over %s', (_name, transport) => {
  it('gets a key, a coded error, or "absent" when nobody listens', async () => {
    const location = socketLocation(dataDir)
    expect(await askForKey(location, { cwd: '/work/a' }, undefined, transport)).toEqual({ kind: 'absent' })
    await start()
    expect(await askForKey(location, { cwd: '/work/a', agent: 'x' }, undefined, transport)).toEqual({ kind: 'key', profile: 'a', key: KEY_A })
    expect(await askForKey(location, { cwd: '/other' }, undefined, transport)).toMatchObject({ kind: 'error', code: 'NOT_BOUND' })
    expect(await exchange(location, { v: 1, op: 'ping' }, undefined, transport)).toMatchObject({ kind: 'reply' })
  })

  it('refuses an answer that is not a single key-shaped line', async () => {
    const location = socketLocation(dataDir)
    mkdirSync(location.dir!, { recursive: true, mode: 0o700 })
    const liar = createServer((socket) => socket.end(`${JSON.stringify({ v: 1, ok: true, profile: 'x', key: 'sk-ant-api03-abc\nsecond line' })}\n`))
    await new Promise<void>((r) => liar.listen(location.path, r))
    const answer = await askForKey(location, { cwd: '/work/a' }, undefined, transport)
    expect(answer).toMatchObject({ kind: 'error', code: 'CONFIG_CORRUPT', message: expect.stringContaining('run: keyward add x to replace it') })
    expect(JSON.stringify(answer)).not.toContain('second line')
    liar.close()
  })

  it('reads a reply split inside a UTF-8 character, and gives up on one that never ends its line', async () => {
    const location = socketLocation(dataDir)
    mkdirSync(location.dir!, { recursive: true, mode: 0o700 })
    const reply = Buffer.from(`${JSON.stringify({ v: 1, ok: false, error: { code: 'NOT_BOUND', message: 'no key for /tmp/café/日本' } })}\n`)
    const cut = reply.indexOf(Buffer.from('日')) + 1
    let endless = false
    const slow = createServer((socket) => {
      if (endless) {
        socket.write(Buffer.alloc(70 * 1024, 0x61))
        return
      }
      socket.write(reply.subarray(0, cut))
      setTimeout(() => socket.end(reply.subarray(cut)), 20)
    })
    await new Promise<void>((r) => slow.listen(location.path, r))
    expect(await askForKey(location, { cwd: '/work/a' }, undefined, transport)).toEqual({ kind: 'error', code: 'NOT_BOUND', message: 'no key for /tmp/café/日本' })
    endless = true
    expect(await askForKey(location, { cwd: '/work/a' }, { connectMs: 500, replyMs: 5_000 }, transport)).toMatchObject({
      kind: 'error',
      code: 'UNAVAILABLE',
      message: expect.stringContaining('does not understand'),
    })
    slow.close()
  })

  it('times out waiting for an answer', async () => {
    const location = socketLocation(dataDir)
    mkdirSync(location.dir!, { recursive: true, mode: 0o700 })
    const mute = createServer(() => {})
    await new Promise<void>((r) => mute.listen(location.path, r))
    const answer = await askForKey(location, { cwd: '/work/a' }, { connectMs: 500, replyMs: 100 }, transport)
    expect(answer).toMatchObject({ kind: 'error', code: 'TIMEOUT' })
    mute.close()
  })
})
