/** A stream the CLI writes to, as `process.stdout` and `process.stderr` are. */
interface OutputStream {
  readonly isTTY?: boolean
  write(text: string): unknown
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown
}

const quieted = new WeakMap<OutputStream, { write(text: string): unknown }>()

/**
 * A writer for one of the process's output streams that ends quietly when the reader goes away:
 * `keyward list | head -1` closes the pipe after one line, and the next write fails with EPIPE,
 * which Node reports as an 'error' event that would crash the CLI with a stack. Here EPIPE marks
 * the stream closed and later writes are dropped, so the command finishes (and closes what it
 * opened) with its own exit code; any other stream error is still thrown. One listener per stream,
 * however often it is asked for. A terminal is returned as itself (a prompt's readline needs the
 * real stream, and a terminal has no pipe to close).
 */
export function quietOnClosedPipe(stream: OutputStream): { write(text: string): unknown } {
  const known = quieted.get(stream)
  if (known) return known
  let closed = false
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') closed = true
    else throw error
  })
  const writer = stream.isTTY ? stream : { write: (text: string): unknown => (closed ? true : stream.write(text)) }
  quieted.set(stream, writer)
  return writer
}
