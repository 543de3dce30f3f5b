import { unlink } from 'node:fs/promises'
import { KeywardError } from '../../../../shared/errors'
import { writeFileAtomic } from '../config/atomic-write'
import { currentUid, ownedByUser } from '../fs/safe-file'
import { findBackup, removeBackupFiles, saveBackup } from './settings-backup'
import { type SettingsFileName, type SettingsLocation, ensureClaudeDir, locateSettings, readSettingsText, refusedEntry } from './settings-location'
import { type SettingsObject, formatSettings, parseSettings } from './settings-json'

/** The env variable (in settings `env`) that sets how long Claude Code reuses the helper's key. */
export const TTL_ENV = 'CLAUDE_CODE_API_KEY_HELPER_TTL_MS'

/** Which settings file to change: the one under `<base>/.claude/`, with its backup kept in `dataDir`. */
export interface SettingsTarget {
  /** The directory holding `.claude`: the project (`--scope project`) or the home directory. */
  readonly base: string
  /** Keyward's data directory (resolveDataDir), where the backup is kept. */
  readonly dataDir: string
  /** Which file under `.claude/`: settings.json (default), or settings.local.json (`--scope local`). */
  readonly fileName?: SettingsFileName
  /** "You", for the ownership checks; the process's uid unless a test says otherwise. */
  readonly uid?: number
  /** The clock for the record's `savedAt` (tests fix it). */
  readonly now?: () => Date
}

/** What setup changed, for the command's output. */
export interface SetupResult {
  readonly file: string
  /** The record in Keyward's data directory that `--undo` restores from. */
  readonly backup: string
  readonly created: boolean
  readonly previousHelper: string | null
  /** The `statusLine` the file held before, when setup was asked to write one (else undefined). */
  readonly previousStatusLine?: unknown
}

/**
 * Writes `apiKeyHelper` (and optionally `env.CLAUDE_CODE_API_KEY_HELPER_TTL_MS`) into a Claude Code
 * settings file, keeping every other setting and the key order. The first setup records the
 * original (or that there was none) in the data directory; later setups keep that first record,
 * so `--undo` always returns to the state before Keyward. Invalid JSON is reported and the file
 * left alone; so is a `.claude` or settings file that is a link, not yours, or not a regular
 * file (settings-location.ts): nothing is read or written through a repository's links.
 */
export async function setupApiKeyHelper(
  target: SettingsTarget,
  helperCommand: string,
  ttlMs?: number,
  /** When given, also sets `statusLine` to what it returns for the one there (undefined if none); it throws to refuse. */
  statusLine?: (previous: unknown, file: string) => unknown,
): Promise<SetupResult> {
  const uid = target.uid ?? currentUid()
  const location = await locateSettings(target.base, uid, target.fileName)
  const original = await readOwnSettings(location, uid)
  const settings = original === null ? {} : parseSettings(original, location.file)
  const previousHelper = typeof settings.apiKeyHelper === 'string' ? settings.apiKeyHelper : null
  const updated: SettingsObject = { ...settings, apiKeyHelper: helperCommand }
  if (ttlMs !== undefined) {
    const env = settings.env
    if (env !== undefined && (typeof env !== 'object' || env === null || Array.isArray(env))) {
      throw new KeywardError('CONFIG_CORRUPT', `"env" in ${location.file} is not an object, so the TTL cannot be added to it; fix it and run this again; the file was not changed`)
    }
    updated.env = { ...(env as SettingsObject | undefined), [TTL_ENV]: String(ttlMs) }
  }
  if (statusLine) updated.statusLine = statusLine(settings.statusLine, location.file)
  const found = await findBackup(target.dataDir, location, uid)
  let backup = found?.legacy === false ? found.paths[0]! : null
  if (backup === null) {
    // First setup (or an old backup beside the file, taken over): record it, then drop the old files.
    const before = found ? found.record : { existed: original !== null, content: original }
    backup = await saveBackup(target.dataDir, location, before.existed, before.content, (target.now ?? (() => new Date()))())
    if (found) await removeBackupFiles(found.paths)
  }
  await ensureClaudeDir(location)
  await writeFileAtomic(location.realFile, formatSettings(updated))
  return { file: location.file, backup, created: original === null, previousHelper, ...(statusLine && { previousStatusLine: settings.statusLine }) }
}

/** What `--undo` did. */
export type UndoResult = { readonly file: string; readonly action: 'restored' | 'removed' }

/** Puts back the settings file as it was before the first setup: restores the recorded content, or removes a file Keyward created. */
export async function undoApiKeyHelper(target: SettingsTarget): Promise<UndoResult> {
  const uid = target.uid ?? currentUid()
  const location = await locateSettings(target.base, uid, target.fileName)
  const found = await findBackup(target.dataDir, location, uid)
  if (!found) throw new KeywardError('NOT_FOUND', `there is no Keyward backup of ${location.file} to restore (keyward claude setup was not run for it, or it was undone already); nothing was changed`)
  if (found.record.existed) {
    await ensureClaudeDir(location)
    await writeFileAtomic(location.realFile, found.record.content!)
  } else if (location.entry !== null) {
    // locateSettings saw a regular file of yours; unlink removes the name, never what a link points at.
    await unlink(location.realFile).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    })
  }
  await removeBackupFiles(found.paths)
  return { file: location.file, action: found.record.existed ? 'restored' : 'removed' }
}

/** Reads the apiKeyHelper a settings file sets, or null (no file, no setting); throws CONFIG_CORRUPT on invalid JSON, NOT_ALLOWED on a link or a non-regular file. */
export async function readApiKeyHelper(file: string): Promise<{ helper: string | null; ttl: string | null } | null> {
  const read = await readSettingsText(file)
  if (read === null) return null
  const settings = parseSettings(read.text, file)
  const env = settings.env as SettingsObject | undefined
  return { helper: typeof settings.apiKeyHelper === 'string' ? settings.apiKeyHelper : null, ttl: typeof env?.[TTL_ENV] === 'string' ? (env[TTL_ENV] as string) : null }
}

/** The settings text, checked to come from the regular file of yours that locateSettings saw. */
async function readOwnSettings(location: SettingsLocation, uid: number | undefined): Promise<string | null> {
  if (location.entry === null) return null
  const read = await readSettingsText(location.realFile)
  if (read === null) return null
  if (!ownedByUser(read.stats, uid)) throw refusedEntry(location.file, `belongs to uid ${read.stats.uid}, not to you`, 'check who put it there; move it away and run this again')
  return read.text
}
