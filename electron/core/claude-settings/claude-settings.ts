import { copyFile, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { KeywardError } from '../../../shared/errors'
import { writeFileAtomic } from '../config/atomic-write'
import { type SettingsObject, formatSettings, parseSettings } from './settings-json'

/** The env variable (in settings `env`) that sets how long Claude Code reuses the helper's key. */
export const TTL_ENV = 'CLAUDE_CODE_API_KEY_HELPER_TTL_MS'

/** Where the pre-Keyward settings file is kept until `--undo`. */
export const backupPath = (file: string) => `${file}.keyward-backup`
/** Marks that there was no settings file before Keyward wrote one, so `--undo` removes it. */
export const absentMarkerPath = (file: string) => `${file}.keyward-none`

/** What setup changed, for the command's output. */
export interface SetupResult {
  readonly file: string
  /** The backup `--undo` restores, or the marker that says there was no file. */
  readonly backup: string
  readonly created: boolean
  readonly previousHelper: string | null
}

/**
 * Writes `apiKeyHelper` (and optionally `env.CLAUDE_CODE_API_KEY_HELPER_TTL_MS`) into a Claude Code
 * settings file, keeping every other setting and the key order. The first setup keeps the original
 * as a backup (or a marker that there was none); later setups keep that first backup, so `--undo`
 * always returns to the state before Keyward. Invalid JSON is reported and the file left alone.
 */
export async function setupApiKeyHelper(file: string, helperCommand: string, ttlMs?: number): Promise<SetupResult> {
  const original = await readIfExists(file)
  const settings = original === null ? {} : parseSettings(original, file)
  const previousHelper = typeof settings.apiKeyHelper === 'string' ? settings.apiKeyHelper : null
  const updated: SettingsObject = { ...settings, apiKeyHelper: helperCommand }
  if (ttlMs !== undefined) {
    const env = settings.env
    if (env !== undefined && (typeof env !== 'object' || env === null || Array.isArray(env))) {
      throw new KeywardError('CONFIG_CORRUPT', `"env" in ${file} is not an object, so the TTL cannot be added to it; fix it and run this again; the file was not changed`)
    }
    updated.env = { ...(env as SettingsObject | undefined), [TTL_ENV]: String(ttlMs) }
  }
  const backup = original === null ? absentMarkerPath(file) : backupPath(file)
  if (!(await exists(backupPath(file))) && !(await exists(absentMarkerPath(file)))) {
    await mkdir(dirname(file), { recursive: true })
    if (original === null) await writeFile(backup, '', { mode: 0o600 })
    else await copyFile(file, backup)
  }
  await writeFileAtomic(file, formatSettings(updated))
  return { file, backup: (await exists(backupPath(file))) ? backupPath(file) : absentMarkerPath(file), created: original === null, previousHelper }
}

/** What `--undo` did. */
export type UndoResult = { readonly file: string; readonly action: 'restored' | 'removed' }

/** Puts back the settings file as it was before the first setup: restores the backup, or removes a file Keyward created. */
export async function undoApiKeyHelper(file: string): Promise<UndoResult> {
  if (await exists(backupPath(file))) {
    await rename(backupPath(file), file)
    return { file, action: 'restored' }
  }
  if (await exists(absentMarkerPath(file))) {
    await unlink(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    })
    await unlink(absentMarkerPath(file))
    return { file, action: 'removed' }
  }
  throw new KeywardError('NOT_FOUND', `there is no Keyward backup of ${file} to restore (${backupPath(file)} does not exist); nothing was changed`)
}

/** Reads the apiKeyHelper a settings file sets, or null (no file, no setting); throws CONFIG_CORRUPT on invalid JSON. */
export async function readApiKeyHelper(file: string): Promise<{ helper: string | null; ttl: string | null } | null> {
  const text = await readIfExists(file)
  if (text === null) return null
  const settings = parseSettings(text, file)
  const env = settings.env as SettingsObject | undefined
  return { helper: typeof settings.apiKeyHelper === 'string' ? settings.apiKeyHelper : null, ttl: typeof env?.[TTL_ENV] === 'string' ? (env[TTL_ENV] as string) : null }
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new KeywardError('INTERNAL', `could not read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); check that it is yours and readable`)
  }
}

async function exists(file: string): Promise<boolean> {
  return (await readIfExists(file)) !== null
}
