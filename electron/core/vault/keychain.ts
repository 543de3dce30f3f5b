import { KeywardError, isKeywardError } from '../../../shared/keyward-error'
import { redactSecrets } from '../../../shared/redact'
import type { SecretAccount } from './secret-accounts'

/**
 * Where secrets live: the OS keychain, the file vault (file/file-keychain.ts, or the daemon that
 * holds it), memory in unit tests. Accounts are made only by secret-accounts.ts, which lists every
 * kind; nothing here ever falls back to a plaintext file.
 */
export interface Keychain {
  /** The secret stored for `account`, or null when there is none. */
  get(account: SecretAccount): Promise<string | null>
  /** Stores (or replaces) the secret for `account`. */
  set(account: SecretAccount, secret: string): Promise<void>
  /** Deletes the secret for `account`; false when there was none. */
  delete(account: SecretAccount): Promise<boolean>
}

/** The keychain service name every Keyward secret is stored under. */
export const KEYCHAIN_SERVICE = 'keyward'

type Keytar = typeof import('keytar')

/** What to do about an unreachable keychain, per platform. */
function remedy(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'unlock the login keychain (Keychain Access) and allow Keyward to use it, then retry'
  if (platform === 'win32') return 'make sure Windows Credential Manager is running for your user, then retry'
  return 'start and unlock your login keyring (gnome-keyring or KeePassXC with Secret Service enabled), or install gnome-keyring and libsecret-1-0; over SSH, run inside a D-Bus session (dbus-run-session); or, where there is no keyring at all (a server, a container, WSL), keep keys in an encrypted file instead: keyward vault init --backend file'
}

/** Wraps any keytar or libsecret failure in KEYCHAIN_UNAVAILABLE with what to do; the cause never holds a secret, but is redacted anyway. */
export function keychainUnavailable(action: string, cause: unknown, platform: NodeJS.Platform = process.platform): KeywardError {
  if (isKeywardError(cause)) return cause
  const reason = redactSecrets(cause instanceof Error ? cause.message : String(cause))
    .split('\n')[0]!
    .slice(0, 200)
  return new KeywardError('KEYCHAIN_UNAVAILABLE', `the OS keychain could not ${action} (${reason}); ${remedy(platform)}. Nothing was stored in plaintext.`)
}

/**
 * The keychain through keytar, loaded on first use so that commands which never touch a secret
 * (and the CLI's start-up) do not pay for the native module.
 */
export function createKeytarKeychain(service: string = KEYCHAIN_SERVICE, load: () => Promise<Keytar> = loadKeytar): Keychain {
  let keytar: Promise<Keytar> | undefined
  const use = async <T>(action: string, run: (k: Keytar) => Promise<T>): Promise<T> => {
    try {
      keytar ??= load()
      const loaded = keytar
      const k = await loaded.catch((error: unknown) => {
        // A failed load is not remembered: the next call loads again.
        if (keytar === loaded) keytar = undefined
        throw error
      })
      return await run(k)
    } catch (error) {
      throw keychainUnavailable(action, error)
    }
  }
  return {
    get: (account) => use('read a key', (k) => k.getPassword(service, account)),
    set: (account, secret) => use('store a key', (k) => k.setPassword(service, account, secret)),
    delete: (account) => use('delete a key', (k) => k.deletePassword(service, account)),
  }
}

/**
 * Imports keytar (a CommonJS native module) and unwraps its default export. In the ESM daemon, after
 * a `kill -9` left a stale socket behind, the namespace's default was seen as keytar's still-empty
 * exports object, for good (the namespace is cached) while require() gave the real module: then
 * keytar is required instead, resolved from the running script. Anything else is an error the next
 * call retries.
 */
async function loadKeytar(): Promise<Keytar> {
  let module: Keytar & { default?: Keytar }
  try {
    module = (await import('keytar')) as Keytar & { default?: Keytar }
  } catch (error) {
    if (isMissingModule(error)) throw keytarMissing()
    throw error
  }
  const usable = [module.default, module].find((k) => typeof k?.getPassword === 'function')
  if (usable) return usable
  const { createRequire } = await import('node:module')
  const required = createRequire(process.argv[1] ?? `${process.cwd()}/`)('keytar') as Keytar
  if (typeof required.getPassword !== 'function') throw new Error('keytar loaded without its functions')
  return required
}

/** Node's "no such package" codes, from import() and from require() (the helper's CommonJS build). */
function isMissingModule(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes('keytar')
}

/** Why there is no keychain backend in a CLI installed without keytar, and what still works. */
export function keytarMissing(): KeywardError {
  return new KeywardError(
    'KEYCHAIN_UNAVAILABLE',
    'the OS keychain backend is unavailable: keytar, its optional native module, is not installed with this Keyward (npm could not fetch or build it here). Keys forwarded with keyward ssh still work; to use the keychain, install a C++ toolchain and libsecret-1-dev, then reinstall Keyward. Nothing was stored in plaintext.',
  )
}
