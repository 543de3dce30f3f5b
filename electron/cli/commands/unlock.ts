import { KeywardError } from '../../../shared/errors'
import type { VaultStatusWire } from '../../core/serving/socket/wire'
import { type Command, parseFlags, printJson } from '../command'
import { askDaemon, noDaemon, vaultStatusOf } from '../daemon-vault'
import { EXIT, EXIT_CODES_HELP } from '../exit-codes'
import type { CliIO } from '../io'
import { PASSPHRASE_CREDENTIAL, type PassphraseSource, readPassphrase } from '../passphrase'
import { SOCKET_PROTOCOL_VERSION } from '../../core/serving/socket/wire'

/** What `keyward unlock` was asked. */
export interface UnlockOptions {
  readonly source: PassphraseSource
  readonly json: boolean
}

/** Parses `keyward unlock [--passphrase-stdin | --passphrase-file FILE] [--json]`. */
export function parseUnlockArgs(args: string[]): UnlockOptions {
  const { values } = parseFlags(args, { 'passphrase-stdin': { type: 'boolean', default: false }, 'passphrase-file': { type: 'string' }, json: { type: 'boolean', default: false } }, false)
  if (values['passphrase-stdin'] && values['passphrase-file'] !== undefined) throw new KeywardError('INVALID_INPUT', 'use --passphrase-stdin or --passphrase-file, not both')
  const source: PassphraseSource = values['passphrase-stdin'] ? { kind: 'stdin' } : values['passphrase-file'] !== undefined ? { kind: 'file', path: values['passphrase-file'] } : { kind: 'auto' }
  return { source, json: values.json }
}

/** One line about the vault's state, for unlock, lock and status. */
export function describeVaultState(vault: VaultStatusWire): string {
  if (vault.backend === 'keychain') return 'Keys are in the OS keychain (no file vault to lock or unlock).'
  if (!vault.unlocked) return `The file vault ${vault.path} is locked.`
  const autoLock = vault.autoLockAt ? `; it locks itself at ${vault.autoLockAt} unless used` : ''
  return `The file vault ${vault.path} is unlocked in the daemon since ${vault.unlockedAt}${autoLock}.`
}

/** Hands the passphrase to the running daemon over its socket; the daemon decrypts the vault into memory. */
export async function runUnlock(options: UnlockOptions, io: CliIO): Promise<number> {
  // Asked first, so no passphrase is read (or prompted for) when there is no daemon to take it.
  if ((await askDaemon(io, { v: SOCKET_PROTOCOL_VERSION, op: 'vault-status' })) === null) throw noDaemon(io, 'unlock')
  const passphrase = await readPassphrase(options.source, io, 'Vault passphrase (input hidden): ')
  const reply = await askDaemon(io, { v: SOCKET_PROTOCOL_VERSION, op: 'unlock', passphrase })
  if (reply === null) throw noDaemon(io, 'unlock')
  const vault = vaultStatusOf(reply)
  if (options.json) printJson(io, vault)
  else io.stdout.write(`${describeVaultState(vault)}\n`)
  return EXIT.OK
}

/** `keyward unlock`. */
export const unlockCommand: Command = {
  summary: 'unlock the file vault in the running daemon (the passphrase goes over its socket)',
  help: `Usage: keyward unlock [--passphrase-stdin | --passphrase-file FILE] [--json]

Hands the file vault's passphrase to the running daemon over its private socket (never in
arguments or the environment); the daemon decrypts vault.age and holds the keys in memory only,
until keyward lock, its idle auto-lock (keyward daemon --auto-lock) or its stop.
The passphrase comes from:
  --passphrase-stdin       a pipe (one trailing newline is dropped)
  --passphrase-file FILE   a file only you can read (a file readable by group or others is refused)
  otherwise $CREDENTIALS_DIRECTORY/${PASSPHRASE_CREDENTIAL} (systemd's LoadCredential=), else a hidden prompt.
A wrong passphrase changes nothing. With no daemon running, it says how to start one (exit 6).

${EXIT_CODES_HELP}`,
  run: (args, io) => runUnlock(parseUnlockArgs(args), io),
}
