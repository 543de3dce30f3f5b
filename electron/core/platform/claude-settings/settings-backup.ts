import { createHash } from 'node:crypto'
import { unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { KeywardError } from '../../../../shared/errors'
import { writeStateFile } from '../config/atomic-write'
import { lstatOrNull, ownedByUser, readFileNoFollow } from '../fs/safe-file'
import { type SettingsLocation, readSettingsText, refusedEntry } from './settings-location'

/*
 * What a settings file held before Keyward's first setup, kept in Keyward's own data directory
 * (never beside the file, where a repository decides what each name is):
 * `<data dir>/claude-backups/<sha256 of the file's real path>.json` holding
 * {"version": 1, "file": <real path>, "existed": bool, "content": <original text> | null, "savedAt"}.
 * Written atomically (0600, in a 0700 directory); `--undo` puts the content back and deletes it.
 *
 * Earlier versions kept `settings.json.keyward-backup` (or the marker `settings.json.keyward-none`)
 * next to the file. Such a leftover is taken over (read, recorded here, deleted) only when it is a
 * regular file of yours; a link or anything else by that name is refused with what to do, as a
 * repository can ship `settings.json.keyward-backup -> ../../../.bash_profile`.
 */

/** The record of one settings file's state before Keyward. */
export interface BackupRecord {
  readonly version: 1
  readonly file: string
  readonly existed: boolean
  readonly content: string | null
  readonly savedAt: string
}

/** A backup found for a settings file: the record, and where it came from. */
export interface FoundBackup {
  readonly record: BackupRecord
  /** The file(s) that hold it: the data-directory record, or the old backup/marker beside the settings file. */
  readonly paths: readonly string[]
  readonly legacy: boolean
}

/** Larger than any record of a settings file within SETTINGS_MAX_BYTES (JSON escaping at most doubles most text). */
const MAX_RECORD_BYTES = 8 * 1024 * 1024

/** The old backup beside the settings file (read only to take it over). */
export const legacyBackupPath = (file: string) => `${file}.keyward-backup`
/** The old marker that there was no settings file (read only to take it over). */
export const legacyMarkerPath = (file: string) => `${file}.keyward-none`

/** Where the backup of the settings file at `realFile` lives in the data directory. */
export function backupPathFor(dataDir: string, realFile: string): string {
  return join(dataDir, 'claude-backups', `${createHash('sha256').update(realFile).digest('hex')}.json`)
}

/** The backup of `location`'s file: the data directory's record, else an old one beside it; null when there is none. */
export async function findBackup(dataDir: string, location: SettingsLocation, uid?: number): Promise<FoundBackup | null> {
  const path = backupPathFor(dataDir, location.realFile)
  const bytes = await readFileNoFollow(path, MAX_RECORD_BYTES, { ownOnly: true })
  if (bytes !== null) return { record: parseRecord(bytes, path, location.realFile), paths: [path], legacy: false }
  return findLegacyBackup(location, uid)
}

/** Saves what the settings file held before Keyward's first setup. */
export async function saveBackup(dataDir: string, location: SettingsLocation, existed: boolean, content: string | null, now: Date): Promise<string> {
  const path = backupPathFor(dataDir, location.realFile)
  const record: BackupRecord = { version: 1, file: location.realFile, existed, content: existed ? content : null, savedAt: now.toISOString() }
  await writeStateFile(path, `${JSON.stringify(record, null, 2)}\n`)
  return path
}

/** Deletes the files that held a backup (once it is restored, or taken over); missing ones are fine. */
export async function removeBackupFiles(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    await unlink(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    })
  }
}

async function findLegacyBackup(location: SettingsLocation, uid: number | undefined): Promise<FoundBackup | null> {
  if (!location.dirExists) return null
  const backup = legacyBackupPath(location.realFile)
  const marker = legacyMarkerPath(location.realFile)
  const present: string[] = []
  for (const path of [backup, marker]) {
    const entry = await lstatOrNull(path)
    if (entry === null) continue
    const shown = path === backup ? legacyBackupPath(location.file) : legacyMarkerPath(location.file)
    const fix = `it is not a backup Keyward made; remove it (rm ${shown}) and run this again`
    if (entry.isSymbolicLink()) throw refusedEntry(shown, 'is a symbolic link where an old Keyward backup would be, which Keyward never follows (a repository can plant one to reach your files)', fix)
    if (!entry.isFile()) throw refusedEntry(shown, 'is not a regular file, so it is not an old Keyward backup', fix)
    if (!ownedByUser(entry, uid)) throw refusedEntry(shown, `belongs to uid ${entry.uid}, not to you, so it is not a backup you made`, fix)
    present.push(path)
  }
  if (present.length === 0) return null
  // As the old --undo did: a backup wins over the marker.
  const existed = present.includes(backup)
  const content = existed ? ((await readSettingsText(backup))?.text ?? null) : null
  if (existed && content === null) return null
  return { record: { version: 1, file: location.realFile, existed, content, savedAt: '' }, paths: present, legacy: true }
}

function parseRecord(bytes: Buffer, path: string, realFile: string): BackupRecord {
  const damaged = (why: string) =>
    new KeywardError('CONFIG_CORRUPT', `Keyward's backup ${path} (of ${realFile}) is damaged (${why}); nothing was changed; move it away to start over (the settings file stays as it is)`)
  let value: unknown
  try {
    value = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw damaged('not JSON')
  }
  const record = value as Partial<BackupRecord> | null
  if (record?.version !== 1 || typeof record.existed !== 'boolean') throw damaged('not a version 1 record')
  if (record.file !== realFile) throw damaged(`it is the backup of ${String(record.file).slice(0, 200)}`)
  if (record.existed && typeof record.content !== 'string') throw damaged('no content')
  return { version: 1, file: realFile, existed: record.existed, content: record.existed ? (record.content as string) : null, savedAt: typeof record.savedAt === 'string' ? record.savedAt : '' }
}
