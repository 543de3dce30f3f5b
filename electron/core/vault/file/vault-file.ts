import { Decrypter, Encrypter } from 'age-encryption'
import { join } from 'node:path'
import { KeywardError } from '../../../../shared/keyward-error'
import { writeStateFile } from '../../platform/config/atomic-write'
import { readFileNoFollow } from '../../platform/fs/safe-file'

/*
 * The file vault's format: `<data dir>/vault.age`, an age v1 file (scrypt passphrase recipient)
 * whose plaintext is one JSON object: {"format":"keyward-vault","version":1,"secrets":{account: secret}}.
 * Any age implementation decrypts it (`age -d vault.age`), which is the user's escape hatch.
 */

/** The vault file's name in the data directory. */
export const VAULT_FILE = 'vault.age'

/** The plaintext's format version; a newer one is refused and left in place. */
export const VAULT_FORMAT_VERSION = 1

/** Far more than any number of keys needs; a larger file is not ours. */
const MAX_VAULT_BYTES = 4 * 1024 * 1024

/** age's own default scrypt work factor (log2 N); about a second per encryption and per unlock. */
export const DEFAULT_SCRYPT_LOG_N = 18

/** The vault file of a data directory. */
export function vaultPath(dataDir: string): string {
  return join(dataDir, VAULT_FILE)
}

/**
 * The scrypt work factor for new encryptions. KEYWARD_VAULT_SCRYPT_LOG_N (10-22) exists for the
 * test suites, which rewrite vaults hundreds of times; users leave it unset.
 */
export function scryptLogN(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.KEYWARD_VAULT_SCRYPT_LOG_N
  if (raw === undefined || raw === '') return DEFAULT_SCRYPT_LOG_N
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 10 || value > 22) throw new KeywardError('INVALID_INPUT', `KEYWARD_VAULT_SCRYPT_LOG_N must be a whole number from 10 to 22, not ${raw.slice(0, 10)}`)
  return value
}

/** Encrypts `secrets` (account → secret) into an age file under `passphrase`. */
export async function encryptVault(passphrase: string, secrets: ReadonlyMap<string, string>, logN: number = scryptLogN()): Promise<Uint8Array> {
  const encrypter = new Encrypter()
  encrypter.setPassphrase(passphrase)
  encrypter.setScryptWorkFactor(logN)
  const plaintext = JSON.stringify({ format: 'keyward-vault', version: VAULT_FORMAT_VERSION, secrets: Object.fromEntries([...secrets].sort(([a], [b]) => (a < b ? -1 : 1))) })
  return encrypter.encrypt(plaintext)
}

/**
 * Decrypts a vault file's bytes. A wrong passphrase is NOT_ALLOWED; a file that is not an age v1
 * file, not ours, or from a newer Keyward is CONFIG_CORRUPT naming `path` (and left where it is).
 */
export async function decryptVault(bytes: Uint8Array, passphrase: string, path: string): Promise<Map<string, string>> {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1')
  if (!head.startsWith('age-encryption.org/')) throw corrupt(path, 'it is not an age file')
  if (!head.startsWith('age-encryption.org/v1\n')) throw corrupt(path, `it is in a newer age format (${head.split('\n')[0]!.slice(0, 40)}); update Keyward or decrypt it with a newer age`)
  const decrypter = new Decrypter()
  decrypter.addPassphrase(passphrase)
  let text: string
  try {
    text = await decrypter.decrypt(bytes, 'text')
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (/no identity matched|incorrect passphrase/i.test(message)) {
      throw new KeywardError('NOT_ALLOWED', `wrong passphrase for the file vault ${path}; nothing was changed; try again`)
    }
    throw corrupt(path, `age could not read it (${message.slice(0, 80)}); it may be truncated or damaged`)
  }
  return parsePlaintext(text, path)
}

function parsePlaintext(text: string, path: string): Map<string, string> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw corrupt(path, 'it decrypts, but not to a Keyward vault')
  }
  const record = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>
  if (record.format !== 'keyward-vault') throw corrupt(path, 'it decrypts, but not to a Keyward vault')
  if (typeof record.version === 'number' && record.version > VAULT_FORMAT_VERSION) {
    throw corrupt(path, `it was written by a newer Keyward (vault format ${record.version}, this one reads ${VAULT_FORMAT_VERSION}); update Keyward`)
  }
  if (record.version !== VAULT_FORMAT_VERSION || typeof record.secrets !== 'object' || record.secrets === null) throw corrupt(path, 'its contents are not a valid Keyward vault')
  const secrets = new Map<string, string>()
  for (const [account, secret] of Object.entries(record.secrets)) {
    if (typeof secret !== 'string') throw corrupt(path, `the entry for ${account.slice(0, 64)} is not a string`)
    secrets.set(account, secret)
  }
  return secrets
}

function corrupt(path: string, why: string): KeywardError {
  return new KeywardError('CONFIG_CORRUPT', `the file vault ${path} was refused: ${why}. It was left in place; restore it from a backup (vault.age.bak-*) if you have one`)
}

/** The vault file's bytes, or null when there is none (a link, another user's file or a FIFO is refused). */
export async function readVaultFile(path: string): Promise<Buffer | null> {
  return readFileNoFollow(path, MAX_VAULT_BYTES, { ownOnly: true })
}

/** Replaces the vault file atomically (temp file, fsync, rename, fsync of the directory). */
export async function writeVaultFile(path: string, bytes: Uint8Array): Promise<void> {
  await writeStateFile(path, bytes)
}

/** Reads and decrypts the vault at `path`; a missing file is KEYCHAIN_UNAVAILABLE with what to do. */
export async function openVaultFile(path: string, passphrase: string): Promise<Map<string, string>> {
  const bytes = await readVaultFile(path)
  if (bytes === null) throw missingVault(path)
  return decryptVault(bytes, passphrase, path)
}

/** The error for a configured file vault whose file is gone. */
export function missingVault(path: string): KeywardError {
  return new KeywardError('KEYCHAIN_UNAVAILABLE', `the file vault ${path} does not exist; restore it from a backup, or create a new one: keyward vault init --backend file`)
}
