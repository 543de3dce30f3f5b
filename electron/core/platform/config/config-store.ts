import { rename } from 'node:fs/promises'
import { join } from 'node:path'
import { KeywardError } from '../../../../shared/errors'
import { ensurePrivateDir } from '../fs/private-dir'
import { isUnsafeFileError, readStateFile } from '../fs/safe-file'
import { writeStateFile } from './atomic-write'
import { CONFIG_FILE, CONFIG_VERSION, newerConfigError, unreadableConfigError } from './config-file'
import { Config, emptyConfig } from './config.schema'
import { withFileLock } from './file-lock'

export { CONFIG_FILE } from './config-file'

/**
 * Profiles' metadata, the default profile, bindings and allowed project files, in
 * `<dataDir>/config.json` (0600, directory 0700).
 *
 * - Reads take no lock: writes are atomic renames, so a reader sees a whole file.
 * - `update` is a read-modify-write under `config.json.lock`, so the CLI and the daemon never
 *   lose each other's changes; if `change` throws, nothing is written.
 * - A file that is not JSON or not a valid config is moved aside to
 *   `config.json.corrupt-<timestamp>` and CONFIG_CORRUPT names that backup. The next call starts
 *   from an empty config: the user was told once, the bad file is kept, and it is never overwritten.
 * - A file from a newer Keyward (higher `version`) is left alone and refused with CONFIG_CORRUPT.
 */
export interface ConfigStore {
  /** The config file's absolute path. */
  readonly path: string
  /** The current config (empty when there is no file yet). */
  read(): Promise<Config>
  /** Applies `change` to the current config under the lock and writes the result atomically. */
  update(change: (current: Config) => Config | Promise<Config>): Promise<Config>
}

/** Opens the config store of `dataDir`; cheap: nothing is read until asked. */
export function createConfigStore(dataDir: string, now: () => Date = () => new Date()): ConfigStore {
  const path = join(dataDir, CONFIG_FILE)
  const lockPath = `${path}.lock`

  /** Reads and parses; on corruption, moves the file aside (under the lock unless already held). */
  async function load(locked: boolean): Promise<Config> {
    let text: string | null
    try {
      text = await readStateFile(path)
    } catch (error) {
      // A link, a FIFO or another user's file: refused as it is (the message names the file), never moved aside.
      if (isUnsafeFileError(error)) throw error
      throw unreadableConfigError(path, error)
    }
    if (text === null) return emptyConfig()
    const problem = diagnose(text, path)
    if (typeof problem !== 'string') return problem
    if (!locked) return withFileLock(lockPath, () => load(true))
    const backup = `${path}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`
    await rename(path, backup)
    throw new KeywardError(
      'CONFIG_CORRUPT',
      `the config file ${path} could not be read (${problem}); it was moved to ${backup} and Keyward now starts with an empty config. Your keys are still in the keychain: fix the backup and move it back, or add the profiles again`,
    )
  }

  return {
    path,
    read: () => load(false),
    async update(change) {
      ensurePrivateDir(dataDir)
      return withFileLock(lockPath, async () => {
        const current = await load(true)
        const next = Config.parse(await change(current))
        await writeStateFile(path, `${JSON.stringify(next, null, 2)}\n`)
        return next
      })
    },
  }
}

/** A reader over a config store of `dataDir`, for services that only read the config (the key service in the hosts). */
export function configStoreReader(dataDir: string): () => Promise<Config> {
  const store = createConfigStore(dataDir)
  return () => store.read()
}

/** The parsed config, or why the text is not one. A newer version throws: it is not ours to move. */
function diagnose(text: string, path: string): Config | string {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return `not JSON: ${(error as Error).message.slice(0, 120)}`
  }
  const version = (json as { version?: unknown } | null)?.version
  if (typeof version === 'number' && version > CONFIG_VERSION) {
    throw newerConfigError(path, version)
  }
  const parsed = Config.safeParse(json)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  return `not a valid Keyward config: ${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'unknown problem'}`
}
