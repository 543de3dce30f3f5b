import { getSystemErrorName } from 'node:util'
import type { LineEvents, LineTransport } from './line-transport'

/*
 * The line transport over the pipe handle node:net itself is built on (Node's `pipe_wrap` and
 * `stream_wrap` bindings), without node:net. Loading node:net means loading Node's streams, about
 * 20 modules: with setting up a socket and closing it, 7 ms of the helper's start, which Claude
 * Code pays at every session start and key refresh (bench/run.js). The handle does the same
 * system calls node:net would: socket, connect, write, read, close.
 *
 * These bindings are Node's internals, reached through `process.binding`, which Node keeps for
 * exactly these modules (its allow-list) but does not document. So this transport is used only
 * when every piece is there with the shape this file expects, and never when Node would print a
 * deprecation warning for it (`--pending-deprecation`, which wraps process.binding); otherwise the
 * socket client uses node:net (net-transport.ts). transport.test.ts runs the same cases against
 * both, and helper-modules.test.ts checks that the built helper gets this one on this project's Node.
 */

interface PipeHandle {
  connect(request: object, path: string): number
  readStart(): number
  writeUtf8String(request: object, text: string): number
  close(): void
  onread: ((buffer: ArrayBuffer | undefined) => void) | null
}

interface CompletionRequest {
  oncomplete?: (status: number) => void
  handle?: PipeHandle
}

interface PipeBindings {
  readonly Pipe: new (type: number) => PipeHandle
  readonly PipeConnectWrap: new () => CompletionRequest
  readonly WriteWrap: new () => CompletionRequest
  readonly socketType: number
  /** Where a read's result (bytes, or a negative error) and its offset in the buffer are left. */
  readonly state: Int32Array
  readonly readResult: number
  readonly readOffset: number
}

type Binding = (name: string) => Record<string, unknown>

/** Node's bindings, or null when anything is missing or different, or asking would print a warning. */
function loadBindings(): PipeBindings | null {
  try {
    const binding = (process as unknown as { binding?: Binding }).binding
    // `--pending-deprecation` replaces process.binding with a wrapper that warns on every call.
    if (typeof binding !== 'function' || binding.name !== 'binding') return null
    const pipe = binding('pipe_wrap')
    const stream = binding('stream_wrap')
    const constants = pipe.constants as Record<string, unknown> | undefined
    const { Pipe, PipeConnectWrap } = pipe
    const { WriteWrap, streamBaseState, kReadBytesOrError, kArrayBufferOffset } = stream
    if (typeof Pipe !== 'function' || typeof PipeConnectWrap !== 'function' || typeof WriteWrap !== 'function') return null
    if (typeof constants?.SOCKET !== 'number' || !(streamBaseState instanceof Int32Array)) return null
    if (typeof kReadBytesOrError !== 'number' || typeof kArrayBufferOffset !== 'number') return null
    const proto = Pipe.prototype as Partial<Record<keyof PipeHandle, unknown>>
    if (typeof proto.connect !== 'function' || typeof proto.readStart !== 'function' || typeof proto.writeUtf8String !== 'function' || typeof proto.close !== 'function') return null
    return {
      Pipe: Pipe as PipeBindings['Pipe'],
      PipeConnectWrap: PipeConnectWrap as PipeBindings['PipeConnectWrap'],
      WriteWrap: WriteWrap as PipeBindings['WriteWrap'],
      socketType: constants.SOCKET,
      state: streamBaseState,
      readResult: kReadBytesOrError,
      readOffset: kArrayBufferOffset,
    }
  } catch {
    return null
  }
}

/** libuv's error as an errno name (ENOENT, ECONNREFUSED); EOF for the end of the stream. */
function errorName(status: number): string {
  try {
    return getSystemErrorName(status)
  } catch {
    return `error ${status}`
  }
}

/** The transport over Node's pipe handle, or null when this Node does not offer it as expected. */
export function pipeBindingTransport(): LineTransport | null {
  const bindings = loadBindings()
  if (bindings === null) return null
  const { Pipe, PipeConnectWrap, WriteWrap, socketType, state, readResult, readOffset } = bindings

  return (path: string, line: string, events: LineEvents) => {
    const handle = new Pipe(socketType)
    let done = false
    const finish = (code: string | null) => {
      if (done) return
      done = true
      handle.close()
      events.ended(code)
    }
    const fail = (status: number) => finish(errorName(status))

    handle.onread = (buffer) => {
      if (done) return
      const result = state[readResult] ?? 0
      if (result > 0 && buffer !== undefined) events.data(Buffer.from(new Uint8Array(buffer, state[readOffset] ?? 0, result)))
      else if (result < 0) {
        const name = errorName(result)
        finish(name === 'EOF' ? null : name)
      }
    }

    const connecting = new PipeConnectWrap()
    connecting.oncomplete = (status) => {
      if (done) return
      if (status < 0) return fail(status)
      // Written once connected: before, libuv has no open stream to queue it on when connect fails.
      const writing = new WriteWrap()
      writing.handle = handle
      writing.oncomplete = (writeStatus) => {
        if (writeStatus < 0) fail(writeStatus)
      }
      const writeStatus = handle.writeUtf8String(writing, line)
      if (writeStatus < 0) return fail(writeStatus)
      const readStatus = handle.readStart()
      if (readStatus < 0) return fail(readStatus)
      events.connected()
    }
    const status = handle.connect(connecting, path)
    if (status < 0) queueMicrotask(() => fail(status))

    return {
      close() {
        if (done) return
        done = true
        handle.close()
      },
    }
  }
}
