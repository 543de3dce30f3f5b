import { copyFile, rename } from 'node:fs/promises'
import { KeywardError } from '../../../shared/errors'
import type { ConfigStore } from '../../core/platform/config/config-store'
import { resolveDataDir } from '../../core/platform/paths'
import type { VaultStatusWire } from '../../core/serving/socket/wire'
import { type VaultBackend, configuredBackend } from '../../core/vault/backend'
import { encryptVault, openVaultFile, readVaultFile, vaultPath, writeVaultFile } from '../../core/vault/file/vault-file'
import type { Keychain } from '../../core/vault/keychain'
import type { SecretAccount } from '../../core/vault/secret-accounts'
import { accountsToMigrate, copyFileToKeychain, copyKeychainToFile } from '../../core/vault/migrate'
import { type Command, parseFlags, printJson } from '../command'
import { askDaemon, vaultStatusOf } from '../daemon-vault'
import { EXIT, EXIT_CODES_HELP } from '../exit-codes'
import type { CliIO } from '../io'
import { type PassphraseSource, readNewPassphrase, readPassphrase } from '../passphrase'
import { describeVaultState } from './unlock'
import { SOCKET_PROTOCOL_VERSION } from '../../core/serving/socket/wire'

/** What `keyward vault` was asked. */
export type VaultOptions =
  | { readonly action: 'init'; readonly passphraseStdin: boolean; readonly force: boolean; readonly json: boolean }
  | { readonly action: 'status'; readonly json: boolean }
  | { readonly action: 'migrate'; readonly to: VaultBackend; readonly passphraseStdin: boolean; readonly json: boolean }

/** Parses `keyward vault init|status|migrate …`. */
export function parseVaultArgs(args: string[]): VaultOptions {
  const [action, ...rest] = args
  const { values, positionals } = parseFlags(rest, {
    backend: { type: 'string' },
    to: { type: 'string' },
    'passphrase-stdin': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  })
  if (positionals.length > 0) throw new KeywardError('INVALID_INPUT', `unexpected argument "${positionals[0]!.slice(0, 40)}"; see keyward vault --help`)
  if (action === 'status') return { action, json: values.json }
  if (action === 'init') {
    if (values.backend === 'keychain') throw new KeywardError('INVALID_INPUT', 'the OS keychain needs no init; to move keys back into it: keyward vault migrate --to keychain')
    if (values.backend !== 'file') throw new KeywardError('INVALID_INPUT', 'say which backend: keyward vault init --backend file')
    return { action, passphraseStdin: values['passphrase-stdin'], force: values.force, json: values.json }
  }
  if (action === 'migrate') {
    if (values.to !== 'file' && values.to !== 'keychain') throw new KeywardError('INVALID_INPUT', 'say where to: keyward vault migrate --to file|keychain')
    return { action, to: values.to, passphraseStdin: values['passphrase-stdin'], json: values.json }
  }
  throw new KeywardError('INVALID_INPUT', 'usage: keyward vault init --backend file | keyward vault status | keyward vault migrate --to file|keychain')
}

/** A backup name beside `path` that sorts by time. */
function stamped(path: string, what: string): string {
  return `${path}.${what}-${new Date().toISOString().replace(/[:.]/g, '-')}`
}

/** Switching backends under a running app or daemon would leave it serving from the old one. */
async function refuseWhileDaemonRuns(io: CliIO, what: string): Promise<void> {
  const reply = await askDaemon(io, { v: SOCKET_PROTOCOL_VERSION, op: 'ping' })
  if (reply !== null)
    throw new KeywardError(
      'CONFLICT',
      `a Keyward app or daemon (pid ${String(reply.pid ?? '?')}) is running for this data directory; stop it first, ${what}, then start it again (and run: keyward unlock)`,
    )
}

/** `keyward vault init --backend file`: an empty vault.age, and the backend switched to it in `config`. */
export async function runVaultInit(options: VaultOptions & { action: 'init' }, io: CliIO, config: ConfigStore): Promise<number> {
  const dataDir = resolveDataDir(io.env)
  const path = vaultPath(dataDir)
  await refuseWhileDaemonRuns(io, 'create the vault')
  const current = await config.read()
  const exists = (await readVaultFile(path)) !== null
  if (exists && !options.force)
    throw new KeywardError(
      'ALREADY_EXISTS',
      `a file vault already exists at ${path}; it was left alone; unlock it with keyward unlock, or replace it (a backup is kept): keyward vault init --backend file --force`,
    )
  if (configuredBackend(dataDir) === 'keychain' && current.profiles.length > 0) {
    throw new KeywardError('CONFLICT', `${current.profiles.length} profile(s) keep their keys in the OS keychain; move them into a new file vault instead: keyward vault migrate --to file`)
  }
  const passphrase = await readNewPassphrase(options.passphraseStdin, io)
  let backup: string | null = null
  if (exists) {
    backup = stamped(path, 'bak')
    await copyFile(path, backup)
  }
  await writeVaultFile(path, await encryptVault(passphrase, new Map()))
  await config.update((c) => ({ ...c, vault: { ...c.vault, backend: 'file' } }))
  if (options.json) printJson(io, { backend: 'file', path, backup })
  else {
    io.stdout.write(`Created the file vault ${path} (age, passphrase-encrypted); Keyward now keeps keys there.\n`)
    if (backup) io.stdout.write(`The previous vault was kept at ${backup}.\n`)
    io.stdout.write('Start the daemon and unlock it: keyward daemon (or keyward daemon --install-service), then keyward unlock\n')
  }
  return EXIT.OK
}

/** `keyward vault status`: the backend, and whether the daemon holds the file vault unlocked. */
export async function runVaultStatus(options: { json: boolean }, io: CliIO): Promise<number> {
  const dataDir = resolveDataDir(io.env)
  const backend = configuredBackend(dataDir)
  const path = backend === 'file' ? vaultPath(dataDir) : null
  const fileExists = path === null ? null : (await readVaultFile(path)) !== null
  const reply = await askDaemon(io, { v: SOCKET_PROTOCOL_VERSION, op: 'vault-status' })
  const daemon: VaultStatusWire | null = reply === null ? null : vaultStatusOf(reply)
  const unlocked = backend === 'keychain' ? null : daemon?.backend === 'file' && daemon.unlocked
  if (options.json) {
    printJson(io, {
      backend,
      path,
      fileExists,
      daemonRunning: daemon !== null,
      unlocked,
      unlockedAt: daemon?.unlockedAt ?? null,
      autoLockAt: daemon?.autoLockAt ?? null,
      autoLockMinutes: daemon?.autoLockMinutes ?? null,
    })
    return EXIT.OK
  }
  if (backend === 'keychain') io.stdout.write('Backend: the OS keychain (the default).\n')
  else {
    io.stdout.write(`Backend: the file vault ${path}${fileExists ? '' : ' (MISSING: restore it from a backup, or keyward vault init --backend file)'}.\n`)
    if (daemon === null) io.stdout.write('Locked: no daemon is running to hold it (start one: keyward daemon, then keyward unlock).\n')
    else if (daemon.backend !== 'file') io.stdout.write('The running daemon still uses the OS keychain: restart it, then keyward unlock.\n')
    else io.stdout.write(`${describeVaultState(daemon)}\n`)
  }
  return EXIT.OK
}

/**
 * `keyward vault migrate --to file|keychain`: every secret of every kind (secret-accounts.ts) moved,
 * read back, then the backend switched in `config`. `osKeychain` is the one other side of every migration.
 */
export async function runVaultMigrate(options: VaultOptions & { action: 'migrate' }, io: CliIO, osKeychain: Keychain, config: ConfigStore): Promise<number> {
  const dataDir = resolveDataDir(io.env)
  const path = vaultPath(dataDir)
  const from = configuredBackend(dataDir)
  if (from === options.to) throw new KeywardError('INVALID_INPUT', `the keys are already in ${options.to === 'file' ? `the file vault ${path}` : 'the OS keychain'}; nothing to move`)
  await refuseWhileDaemonRuns(io, 'migrate')
  const source: PassphraseSource = options.passphraseStdin ? { kind: 'stdin' } : { kind: 'auto' }
  const keychain = osKeychain
  let moved: SecretAccount[]
  let note: string
  if (options.to === 'file') {
    // A vault file already there (an earlier, interrupted migration): its passphrase, and its keys kept.
    const existing = (await readVaultFile(path)) !== null
    const passphrase = existing ? await readPassphrase(source, io, `Passphrase of the existing file vault ${path} (input hidden): `) : await readNewPassphrase(options.passphraseStdin, io)
    const kept = existing ? await openVaultFile(path, passphrase) : new Map<string, string>()
    moved = await copyKeychainToFile(keychain, await accountsToMigrate(dataDir), path, passphrase, kept)
    await config.update((c) => ({ ...c, vault: { ...c.vault, backend: 'file' } }))
    // The switch is done: a key that fails to delete is a leftover in the keychain, not a loss.
    const leftovers: string[] = []
    for (const account of moved) await keychain.delete(account).catch(() => leftovers.push(account))
    note = leftovers.length > 0 ? `; ${leftovers.length} could not be deleted from the OS keychain (delete them there by hand)` : '; they were deleted from the OS keychain'
  } else {
    const passphrase = await readPassphrase(source, io, `Passphrase for the file vault ${path} (input hidden): `)
    moved = await copyFileToKeychain(await openVaultFile(path, passphrase), keychain)
    await config.update((c) => ({ ...c, vault: { ...c.vault, backend: 'keychain' } }))
    const kept = stamped(path, 'migrated')
    await rename(path, kept)
    note = `; the old vault file is kept at ${kept} (delete it when you no longer need it)`
  }
  if (options.json) printJson(io, { from, to: options.to, moved: moved.length })
  else io.stdout.write(`Moved ${moved.length} secret(s) to ${options.to === 'file' ? `the file vault ${path}` : 'the OS keychain'}${note}.\n`)
  return EXIT.OK
}

/** `keyward vault`. */
export const vaultCommand: Command = {
  summary: 'the key backend: create the age-encrypted file vault, show its state, move keys',
  help: `Usage: keyward vault init --backend file [--passphrase-stdin] [--force] [--json]
       keyward vault status [--json]
       keyward vault migrate --to file|keychain [--passphrase-stdin] [--json]

Keys live in the OS keychain by default. Where there is none (a server, a container, WSL), the
file vault keeps them in <data dir>/vault.age, an age file encrypted with a passphrase (scrypt):
the daemon holds it unlocked in memory (keyward unlock, keyward lock). Any age tool decrypts it:
    age -d vault.age
  init      create an empty vault.age and switch to it; an existing one is refused unless --force,
            which keeps it as vault.age.bak-<time>. The passphrase is asked twice on the terminal,
            or read from a pipe with --passphrase-stdin (at least 8 characters)
  status    which backend, whether the daemon holds the vault unlocked, since when
  migrate   move every key to the other backend: written, read back, then switched (a crash leaves
            the old backend complete and in use); run it again after an interruption
The backend is recorded in config.json ("vault": {"backend": …}). init and migrate refuse while an
app or daemon runs: stop it first.

${EXIT_CODES_HELP}`,
  async run(args, io, cli) {
    const options = parseVaultArgs(args)
    if (options.action === 'init') return runVaultInit(options, io, (await cli.vault()).config)
    if (options.action === 'status') return runVaultStatus(options, io)
    return runVaultMigrate(options, io, await cli.osKeychain(), (await cli.vault()).config)
  },
}
