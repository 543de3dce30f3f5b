import { KeywardError } from '../../shared/errors'
import type { CliIO } from './io'

/** More than any key; a larger stdin is someone piping the wrong thing. */
const MAX_SECRET_BYTES = 4096

/** Reads all of a piped stdin (never echoed, never in argv); the caller trims and validates. */
export async function readSecretFromPipe(stdin: CliIO['stdin']): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stdin as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    size += buffer.length
    if (size > MAX_SECRET_BYTES) throw new KeywardError('INVALID_INPUT', `stdin held more than ${MAX_SECRET_BYTES} bytes; pipe only the key`)
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Prompts on the terminal with echo off (raw mode) and reads one line. Backspace edits, Ctrl-C or
 * Ctrl-D on an empty line cancels. The prompt goes to stderr so stdout stays clean for --json.
 */
export function promptHidden(io: CliIO, prompt: string): Promise<string> {
  const { stdin } = io
  if (!stdin.isTTY || !stdin.setRawMode) {
    return Promise.reject(new KeywardError('INVALID_INPUT', 'no terminal to prompt on; pipe the key on stdin: printf %s "$KEY" | keyward add NAME --key-stdin'))
  }
  // Echo goes off before the prompt shows, so nothing typed in answer to it is ever echoed.
  stdin.setRawMode(true)
  io.stderr.write(prompt)
  stdin.resume()
  return new Promise((resolve, reject) => {
    let value = ''
    const finish = (error: KeywardError | null) => {
      stdin.removeListener('data', onData)
      stdin.setRawMode?.(false)
      stdin.pause()
      io.stderr.write('\n')
      if (error) reject(error)
      else resolve(value)
    }
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return finish(null)
        if (char === '\u0003' || (char === '\u0004' && value === '')) return finish(new KeywardError('INVALID_INPUT', 'cancelled; nothing was stored'))
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1)
        else if (char >= ' ') value += char
        if (value.length > MAX_SECRET_BYTES) return finish(new KeywardError('INVALID_INPUT', 'that paste is far longer than a key; nothing was stored'))
      }
    }
    stdin.on('data', onData)
  })
}
