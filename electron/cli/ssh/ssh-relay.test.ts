import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { relayFileName, startSshRelay, sweepDeadRelays } from './ssh-relay'

const HELLO = { v: 1, op: 'forwarded', host: 'dev@box', session: 'ab'.repeat(16) } as const

describe('the keyward ssh relay', () => {
  it('writes the hello first, then joins the remote to the forwarding socket both ways', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-relay-'))
    const seen: string[] = []
    const upstream = createServer((socket) => {
      socket.setEncoding('utf8').on('data', (chunk: string) => {
        seen.push(chunk)
        if (seen.join('').split('\n').length > 2) socket.write('{"reply":1}\n')
      })
    })
    await new Promise<void>((resolve) => upstream.listen(join(dir, 'up.sock'), resolve))
    const relay = await startSshRelay({ path: join(dir, relayFileName(HELLO.session)), upstream: join(dir, 'up.sock'), hello: HELLO })
    const reply = await new Promise<string>((resolve) => {
      const remote = connect(relay.path)
      remote.setEncoding('utf8').once('data', (chunk: string) => (remote.destroy(), resolve(chunk)))
      remote.write('{"v":1,"op":"ping"}\n')
    })
    expect(reply).toBe('{"reply":1}\n')
    expect(seen.join('')).toBe(`${JSON.stringify(HELLO)}\n{"v":1,"op":"ping"}\n`)
    await relay.close()
    upstream.close()
    expect(existsSync(relay.path)).toBe(false)
    rmSync(dir, { recursive: true, force: true })
  })

  it('sweeps relay sockets of killed sessions, never a live one or another file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-sweep-'))
    const dead = join(dir, 's-0123abcd.sock')
    execFileSync('python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', dead])
    const live = await startSshRelay({ path: join(dir, 's-89abcdef.sock'), upstream: join(dir, 'none.sock'), hello: HELLO })
    await sweepDeadRelays(dir)
    expect(existsSync(dead)).toBe(false)
    expect(existsSync(live.path)).toBe(true)
    await live.close()
    rmSync(dir, { recursive: true, force: true })
  })
})
