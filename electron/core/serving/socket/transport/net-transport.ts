import type { LineEvents, LineTransport } from './line-transport'

/** The line transport over node:net, loaded on first use (it brings Node's streams). */
export const netTransport: LineTransport = (path: string, line: string, events: LineEvents) => {
  const { connect } = process.getBuiltinModule('node:net')
  let ended = false
  const end = (code: string | null) => {
    if (ended) return
    ended = true
    events.ended(code)
  }
  const socket = connect(path)
  socket.once('connect', () => {
    if (!ended) events.connected()
  })
  // Queued now, sent the moment the connection is up; dropped if nobody listens.
  socket.write(line)
  socket.on('data', (chunk: Buffer) => {
    if (!ended) events.data(chunk)
  })
  socket.on('error', (error: NodeJS.ErrnoException) => end(error.code ?? error.message))
  socket.once('close', () => end(null))
  return {
    close() {
      ended = true
      socket.destroy()
    },
  }
}
