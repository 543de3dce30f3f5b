import { execFileSync } from 'node:child_process'
import { chownSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { startForwardSocketServer } from '../../../electron/core/serving/forward/forward-server'
import { askForwarded } from '../../../electron/cli/fast/helper-forwarded'
import { startSshRelay } from '../../../electron/cli/ssh/ssh-relay'
import { type Outcome, OTHER_UID, hostileInputs } from '../support/hostile-table'

/*
 * Keys forwarded over SSH: the forwarding socket's peer is a remote machine behind ssh, which may
 * send garbage, forge its hello, stall or probe; the forwarded helper meets sockets left behind.
 */

hostileInputs('forwarding', 'keys forwarded over SSH', (w) => {
  const HELLO = `${JSON.stringify({ v: 1, op: 'forwarded', host: 'dev@box', session: 'ab'.repeat(16) })}\n`
  /**
   * Writes `chunks` (spaced by `gapMs`) to a fresh forwarding socket over the vault's key service, as
   * a hostile remote behind ssh would, and returns its first reply as an outcome; short timeouts.
   */
  const forwardPeer = async (chunks: (string | Buffer)[], gapMs = 0): Promise<Outcome> => {
    const dir = w.scratch(`forward-${Math.random().toString(16).slice(2, 8)}`)
    const path = join(dir, 'forward.sock')
    const server = await startForwardSocketServer({ keys: w.vault.keys, location: { path, dir, kind: 'data' }, helloTimeoutMs: 300, limits: { readTimeoutMs: 300, idleTimeoutMs: 2_000 } })
    try {
      return await exchangeRaw(path, chunks, gapMs)
    } finally {
      await server.close()
    }
  }
  const exchangeRaw = (path: string, chunks: (string | Buffer)[], gapMs: number): Promise<Outcome> =>
    new Promise((resolve) => {
      const socket = connect(path)
      let buffered = ''
      const timer = setTimeout(() => finish({ code: 'NO ANSWER', message: buffered }), 5_000)
      const finish = (result: Outcome) => {
        clearTimeout(timer)
        socket.destroy()
        resolve(result)
      }
      socket.setEncoding('utf8')
      socket.on('error', (error) => finish({ code: `SOCKET ${(error as NodeJS.ErrnoException).code}`, message: error.message }))
      socket.on('data', (chunk: string) => {
        buffered += chunk
        const newline = buffered.indexOf('\n')
        if (newline === -1) return
        const reply = JSON.parse(buffered.slice(0, newline)) as { ok: boolean; error?: { code: string; message: string } }
        finish(reply.ok ? { code: 'OK', message: buffered.slice(0, newline) } : { code: reply.error!.code, message: reply.error!.message })
      })
      void (async () => {
        for (const chunk of chunks) {
          if (socket.destroyed) return
          socket.write(chunk)
          if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs))
        }
      })()
    })
  /** A socket file nobody listens on (a forwarded socket left behind by a session that ended). */
  const staleSocket = (path: string): string => {
    execFileSync('python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', path])
    return path
  }
  const forwardedHelper = async (path: string): Promise<Outcome> => {
    const answer = await askForwarded(w.home, path, { cwd: w.project(), profile: 'main' })
    return answer.kind === 'error' ? { code: answer.code, message: answer.message } : { code: answer.kind, message: '' }
  }

  return [
    // Keys forwarded over SSH: the forwarding socket's peer is a remote machine behind ssh.
    {
      name: 'forwarding socket: garbage instead of the hello',
      input: '\\x00\\xff garbage\\n',
      code: 'INVALID_INPUT',
      fragment: 'a connection starts with the hello of keyward ssh',
      run: () => forwardPeer([Buffer.from([0, 0xff, 0x67, 0x0a])]),
    },
    {
      name: 'forwarding socket: a hello forging a host with spaces',
      input: '{"op":"forwarded","host":"evil host"…}',
      code: 'INVALID_INPUT',
      fragment: 'starts with the hello of keyward ssh',
      run: () => forwardPeer([`${JSON.stringify({ v: 1, op: 'forwarded', host: 'evil host', session: 'ab'.repeat(16) })}\n`]),
    },
    {
      name: 'forwarding socket: an oversized hello',
      input: '64 KiB without a newline',
      code: 'INVALID_INPUT',
      fragment: 'the hello line is too long',
      run: () => forwardPeer(['x'.repeat(64 * 1024)]),
    },
    {
      name: 'forwarding socket: an oversized request after the hello',
      input: 'hello + 64 KiB line',
      code: 'INVALID_INPUT',
      fragment: 'longer than 8192 bytes',
      run: () => forwardPeer([HELLO, `${'y'.repeat(64 * 1024)}\n`]),
    },
    { name: 'forwarding socket: slow peer (half a hello, then silence)', input: '{"v":1,', code: 'INVALID_INPUT', fragment: 'no hello within the time allowed', run: () => forwardPeer(['{"v":1,']) },
    {
      name: 'forwarding socket: slow peer (half a request after the hello)',
      input: 'hello + {"v":1,"op":',
      code: 'TIMEOUT',
      fragment: 'was not finished within 300 ms',
      run: () => forwardPeer([HELLO, '{"v":1,"op":']),
    },
    {
      name: 'forwarding socket: a request that names no profile',
      input: 'resolve without profile',
      code: 'INVALID_INPUT',
      fragment: 'keyward use NAME --dir DIR',
      run: () => forwardPeer([HELLO, `${JSON.stringify({ v: 1, op: 'resolve', cwd: '/srv/app' })}\n`]),
    },
    {
      name: 'forwarding socket: a profile that is not forwardable',
      input: 'resolve main (not forwardable)',
      code: 'NOT_ALLOWED',
      fragment: 'on the laptop, run: keyward forward main',
      run: () => forwardPeer([HELLO, `${JSON.stringify({ v: 1, op: 'resolve', cwd: '/srv/app', profile: 'main' })}\n`]),
    },
    {
      name: 'forwarding socket: probing for a profile that does not exist',
      input: 'resolve nope',
      code: 'NOT_ALLOWED',
      fragment: 'not marked forwardable, or no such profile',
      run: () => forwardPeer([HELLO, `${JSON.stringify({ v: 1, op: 'resolve', cwd: '/srv/app', profile: 'nope' })}\n`]),
    },
    {
      name: 'forwarded helper, laptop unreachable (socket left by an ended session)',
      input: 'stale /tmp/keyward-forward-USER.sock',
      code: 'UNAVAILABLE',
      fragment: 'does not answer on',
      run: () => forwardedHelper(staleSocket(join(w.scratch('stale-forward'), 'f.sock'))),
    },
    {
      name: 'forwarded helper, KEYWARD_SOCKET names nothing',
      input: 'KEYWARD_SOCKET=/nonexistent',
      code: 'UNAVAILABLE',
      fragment: 'reconnect from the laptop with: keyward ssh HOST',
      run: () => forwardedHelper(join(w.world.root, 'no-such.sock')),
    },
    {
      name: 'forwarded socket owned by another uid',
      input: 'f.sock chown 4242',
      code: 'UNAVAILABLE',
      fragment: 'belongs to another user (uid 4242), so no key was asked from it',
      needsRoot: true,
      run: () => {
        const path = staleSocket(join(w.scratch('foreign-forward'), 'f.sock'))
        chownSync(path, OTHER_UID, OTHER_UID)
        return forwardedHelper(path)
      },
    },
    {
      name: 'keyward ssh relay when the laptop app or daemon stopped mid-session',
      input: 'relay upstream gone',
      code: 'UNAVAILABLE',
      fragment: 'is not running any more',
      run: async () => {
        const dir = w.scratch('relay')
        const relay = await startSshRelay({ path: join(dir, 'r.sock'), upstream: join(dir, 'gone.sock'), hello: { v: 1, op: 'forwarded', host: 'dev@box', session: 'cd'.repeat(16) } })
        try {
          return await exchangeRaw(relay.path, [`${JSON.stringify({ v: 1, op: 'resolve', cwd: '/srv', profile: 'main' })}\n`], 0)
        } finally {
          await relay.close()
        }
      },
    },
  ]
})
