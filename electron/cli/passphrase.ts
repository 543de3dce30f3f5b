import { openSync } from 'node:fs'
import { join } from 'node:path'
import { ReadStream } from 'node:tty'
import { KeywardError } from '../../shared/errors'
import { readStatedFileNoFollow } from '../core/platform/fs/safe-file'
import type { CliIO } from './io'
import { promptHidden, readSecretFromPipe } from './read-secret'

/** The systemd credential `keyward unlock` and the daemon read: `$CREDENTIALS_DIRECTORY/keyward-vault-passphrase`. */
export const PASSPHRASE_CREDENTIAL = 'keyward-vault-passphrase'

/** Where a passphrase comes from; it never comes from argv or the environment. */
export type PassphraseSource = { kind: 'stdin' } | { kind: 'file'; path: string } | { kind: 'auto' }

/** A passphrase shorter than this is refused when a vault is created. */
export const MIN_PASSPHRASE_LENGTH = 8

/** Drops one trailing newline (what `echo` and editors add); other whitespace is part of the passphrase. */
function oneLine(text: string): string {
  return text.replace(/\r?\n$/, '')
}

/**
 * Reads a passphrase file: no link, a regular file of this user (or root, as systemd's credentials
 * are), and readable by nobody else: a file that group or others may read is refused unread.
 */
export async function readPassphraseFile(path: string): Promise<string> {
  const file = await readStatedFileNoFollow(path, 4096, { ownOnly: true })
  if (file === null) throw new KeywardError('NOT_FOUND', `the passphrase file ${path} does not exist`)
  if ((file.stats.mode & 0o077) !== 0) {
    throw new KeywardError('NOT_ALLOWED', `the passphrase file ${path} is readable by others (mode ${(file.stats.mode & 0o777).toString(8).padStart(3, '0')}); it was not used; run: chmod 600 ${path}`)
  }
  return nonEmpty(oneLine(file.bytes.toString('utf8')), path)
}

function nonEmpty(passphrase: string, where: string): string {
  if (passphrase === '') throw new KeywardError('INVALID_INPUT', `the passphrase from ${where} is empty`)
  return passphrase
}

/** The io to prompt on: stdin when it is a terminal, else the controlling terminal (/dev/tty), else null. */
function terminalIO(io: CliIO): CliIO | null {
  if (io.stdin.isTTY && io.stdin.setRawMode) return io
  if (process.platform === 'win32') return null
  try {
    const stdin = new ReadStream(openSync('/dev/tty', 'r'))
    return { ...io, stdin }
  } catch {
    return null
  }
}

/** Prompts with echo off on the terminal; `noTerminal` is the error when there is none. */
export async function promptPassphrase(io: CliIO, prompt: string, noTerminal: () => KeywardError): Promise<string> {
  const terminal = terminalIO(io)
  if (!terminal) throw noTerminal()
  try {
    return nonEmpty(await promptHidden(terminal, prompt), 'the prompt')
  } finally {
    if (terminal !== io) (terminal.stdin as ReadStream).destroy()
  }
}

/**
 * The passphrase for unlocking: `--passphrase-stdin` (a pipe), `--passphrase-file FILE`, else the
 * systemd credential when `$CREDENTIALS_DIRECTORY` is set, else a hidden prompt on the terminal.
 */
export async function readPassphrase(source: PassphraseSource, io: CliIO, prompt: string): Promise<string> {
  if (source.kind === 'stdin') {
    if (io.stdin.isTTY) throw new KeywardError('INVALID_INPUT', '--passphrase-stdin expects the passphrase on a pipe, and stdin is a terminal; drop it to be prompted with the input hidden')
    return nonEmpty(oneLine(await readSecretFromPipe(io.stdin)), 'stdin')
  }
  if (source.kind === 'file') return readPassphraseFile(source.path)
  const credentials = io.env.CREDENTIALS_DIRECTORY
  if (credentials) {
    const fromSystemd = await readPassphraseFile(join(credentials, PASSPHRASE_CREDENTIAL)).catch((error: unknown) => {
      if (error instanceof KeywardError && error.code === 'NOT_FOUND') return null
      throw error
    })
    if (fromSystemd !== null) return fromSystemd
  }
  return promptPassphrase(
    io,
    prompt,
    () => new KeywardError('INVALID_INPUT', 'no terminal to ask for the vault passphrase on; pipe it: keyward unlock --passphrase-stdin, or use --passphrase-file FILE'),
  )
}

/** A new vault's passphrase: from stdin, or asked twice on the terminal; at least MIN_PASSPHRASE_LENGTH characters. */
export async function readNewPassphrase(fromStdin: boolean, io: CliIO): Promise<string> {
  const noTerminal = () => new KeywardError('INVALID_INPUT', 'no terminal to ask for a new vault passphrase on; pipe it with --passphrase-stdin')
  let passphrase: string
  if (fromStdin) passphrase = await readPassphrase({ kind: 'stdin' }, io, '')
  else {
    passphrase = await promptPassphrase(io, 'New vault passphrase (input hidden): ', noTerminal)
    const again = await promptPassphrase(io, 'The same passphrase again: ', noTerminal)
    if (again !== passphrase) throw new KeywardError('INVALID_INPUT', 'the two passphrases differ; nothing was created; try again')
  }
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) throw new KeywardError('INVALID_INPUT', `the passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters; use four or more random words`)
  return passphrase
}
