import { KeywardError } from '../../../shared/errors'

/** One ssh option as given: its letter and, for options that take one, its value. */
export interface SshOption {
  readonly letter: string
  readonly value?: string
}

/** `keyward ssh [ssh options…] DESTINATION [command…]`, split the way ssh(1) splits it. */
export interface SshInvocation {
  /** The option tokens exactly as given, passed to the session's ssh unchanged. */
  readonly tokens: readonly string[]
  readonly options: readonly SshOption[]
  readonly destination: string
  readonly command: readonly string[]
}

/** ssh(1)'s options that take a value (OpenSSH 9), and those that do not. */
const WITH_VALUE = new Set('BbcDEeFIiJLlmOoPpQRSWw')
const FLAGS = new Set('46AaCfGgKkMNnqsTtVvXxYy')
/** Options that make ssh something other than a session keyward ssh can relay for, with why. */
const REFUSED: Record<string, string> = {
  f: 'keyward ssh must stay in the foreground to relay keys, so -f is not supported; run keyward ssh -N HOST in another terminal instead',
  G: 'keyward ssh opens a session; for -G run ssh -G directly',
  V: 'keyward ssh opens a session; for -V run ssh -V directly',
  Q: 'keyward ssh opens a session; for -Q run ssh -Q directly',
  O: 'keyward ssh opens a session; for -O (control commands) run ssh -O directly',
  W: 'keyward ssh opens a session; -W (stdio forwarding) cannot carry the key relay',
}

/** Parses keyward ssh's arguments; INVALID_INPUT for an unknown or refused option, or no destination. */
export function parseSshArgs(args: readonly string[]): SshInvocation {
  const tokens: string[] = []
  const options: SshOption[] = []
  let i = 0
  for (; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--') {
      i++
      break
    }
    if (!arg.startsWith('-') || arg === '-') break
    tokens.push(arg)
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!
      if (REFUSED[letter] !== undefined) throw new KeywardError('INVALID_INPUT', REFUSED[letter])
      if (WITH_VALUE.has(letter)) {
        const inline = arg.slice(j + 1)
        const value = inline !== '' ? inline : args[++i]
        if (value === undefined) throw new KeywardError('INVALID_INPUT', `ssh option -${letter} needs a value: keyward ssh [ssh options…] HOST [command]`)
        if (inline === '') tokens.push(value)
        options.push({ letter, value })
        break
      }
      if (!FLAGS.has(letter)) throw new KeywardError('INVALID_INPUT', `unknown ssh option -${letter.replace(/[^\x21-\x7e]/g, '?')}; usage: keyward ssh [ssh options…] HOST [command]`)
      options.push({ letter })
    }
  }
  const destination = args[i]
  if (destination === undefined || destination === '') throw new KeywardError('INVALID_INPUT', 'keyward ssh needs a host: keyward ssh [ssh options…] HOST [command]')
  return { tokens, options, destination, command: args.slice(i + 1) }
}

/** Options that only say how to reach and log in to the host: what the clean-up connection reuses (no forwards, no tty, no -N). */
const CONNECTION_VALUES = new Set('BbcEFIiJlmoPpS')
const CONNECTION_FLAGS = new Set('46Cq')

/** The session's options reduced to those that reach the same host the same way. */
export function connectionOptions(options: readonly SshOption[]): string[] {
  const out: string[] = []
  for (const option of options) {
    if (option.value !== undefined && CONNECTION_VALUES.has(option.letter)) out.push(`-${option.letter}`, option.value)
    else if (option.value === undefined && CONNECTION_FLAGS.has(option.letter)) out.push(`-${option.letter}`)
  }
  return out
}

/** The host part of a destination (`user@host`, `ssh://user@host:port`), for the audit log and the approval prompt. */
export function destinationHost(destination: string): string {
  const withoutScheme = destination.startsWith('ssh://')
    ? destination
        .slice('ssh://'.length)
        .replace(/:\d+\/?$/, '')
        .replace(/\/$/, '')
    : destination
  return withoutScheme.slice(withoutScheme.lastIndexOf('@') + 1)
}
