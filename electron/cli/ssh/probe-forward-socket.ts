import { connect } from 'node:net'
import type { ForwardHello } from '../../core/serving/forward/forward-wire'
import { SOCKET_PROTOCOL_VERSION } from '../../core/serving/socket/wire'

/**
 * Whether the app or daemon answers on its forwarding socket: the hello, then a ping, and a pong
 * within `timeoutMs`. `keyward ssh` asks before connecting, so a session never starts without a
 * laptop side to relay to.
 */
export function probeForwardSocket(path: string, hello: ForwardHello, timeoutMs = 2_000): Promise<boolean> {
  if (path === '') return Promise.resolve(false)
  return new Promise((resolve) => {
    const socket = connect(path)
    let buffered = ''
    const done = (alive: boolean) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(alive)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    socket.setEncoding('utf8')
    socket.on('error', () => done(false))
    socket.once('close', () => done(false))
    socket.write(`${JSON.stringify(hello)}\n${JSON.stringify({ v: SOCKET_PROTOCOL_VERSION, op: 'ping' })}\n`)
    socket.on('data', (chunk: string) => {
      buffered += chunk
      if (buffered.length > 4096) return done(false)
      const newline = buffered.indexOf('\n')
      if (newline === -1) return
      try {
        done((JSON.parse(buffered.slice(0, newline)) as { pong?: unknown }).pong === true)
      } catch {
        done(false)
      }
    })
  })
}
