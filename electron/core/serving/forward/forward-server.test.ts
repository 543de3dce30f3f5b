import { mkdtempSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { KeySocketServer } from '../socket/socket-server'
import { type ForwardKeySource, parseHello, startForwardSocketServer } from './forward-server'

const HELLO = { v: 1, op: 'forwarded', host: 'dev@box', session: 'ab'.repeat(16) } as const

/** Writes `text` and collects `lines` reply lines. */
function converse(path: string, text: string, lines: number): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(path)
    let buffered = ''
    socket.setEncoding('utf8')
    socket.on('error', reject)
    socket.on('data', (chunk: string) => {
      buffered += chunk
      const got = buffered.split('\n').filter(Boolean)
      if (got.length >= lines) {
        socket.destroy()
        resolve(got.map((line) => JSON.parse(line)))
      }
    })
    socket.write(text)
  })
}

describe('the forwarding socket', () => {
  let server: KeySocketServer | null = null
  afterEach(async () => {
    await server?.close()
    server = null
  })

  async function start(keys: ForwardKeySource) {
    const dir = mkdtempSync(join(tmpdir(), 'kw-fwd-'))
    server = await startForwardSocketServer({ keys, location: { path: join(dir, 'forward.sock'), dir, kind: 'data' } })
    return server.location.path
  }

  it('serves a named profile after the hello, passing the host and session; the hello and requests may share one packet', async () => {
    const resolveForwarded = vi.fn(async (profile: string) => ({ profile, key: 'sk-ant-api03-x', directory: '/srv', reason: 'forced' as const }))
    const path = await start({ resolveForwarded })
    const replies = await converse(path, `${JSON.stringify(HELLO)}\n{"v":1,"op":"ping"}\n${JSON.stringify({ v: 1, op: 'resolve', cwd: '/srv', profile: 'fwd', agent: 'claude' })}\n`, 2)
    expect(replies[0]).toMatchObject({ ok: true, pong: true })
    expect(replies[1]).toEqual({ v: 1, ok: true, profile: 'fwd', key: 'sk-ant-api03-x' })
    expect(resolveForwarded).toHaveBeenCalledWith('fwd', '/srv', 'claude', { host: 'dev@box', session: HELLO.session })
  })

  it('answers a request before any hello with an error and serves nothing', async () => {
    const resolveForwarded = vi.fn()
    const path = await start({ resolveForwarded })
    const [reply] = await converse(path, `${JSON.stringify({ v: 1, op: 'resolve', cwd: '/srv', profile: 'fwd' })}\n`, 1)
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(resolveForwarded).not.toHaveBeenCalled()
  })

  it('checks the hello by hand: exact keys, a host of host-name characters, a hex session', () => {
    expect(parseHello(JSON.stringify(HELLO))).toEqual(HELLO)
    expect(parseHello(JSON.stringify({ ...HELLO, extra: 1 }))).toBeNull()
    expect(parseHello(JSON.stringify({ ...HELLO, host: 'a b' }))).toBeNull()
    expect(parseHello(JSON.stringify({ ...HELLO, host: 'a\nb' }))).toBeNull()
    expect(parseHello(JSON.stringify({ ...HELLO, session: 'short' }))).toBeNull()
    expect(parseHello(JSON.stringify({ ...HELLO, v: 2 }))).toBeNull()
    expect(parseHello('[]')).toBeNull()
    expect(parseHello('not json')).toBeNull()
  })
})
