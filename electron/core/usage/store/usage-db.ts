import type { DatabaseSync } from 'node:sqlite'
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import { ensurePrivateDir } from '../../platform/fs/private-dir'
import { checkDbFile, confirmSameFile } from './db-file'
import { migrate } from './schema'
import { sqlite } from './sqlite-module'

/** The usage database's file name inside the data directory. */
export const USAGE_DB_FILE = 'usage.db'

/** How long a writer waits for another's lock (the app, the daemon and `keyward sync` share the file). */
export const BUSY_TIMEOUT_MS = 10_000

/** The WAL file's size after a checkpoint, at most (bytes). */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024

/** Where the usage database of `dataDir` lives. */
export const usageDbPath = (dataDir: string): string => join(dataDir, USAGE_DB_FILE)

/**
 * Opens the usage database: checked and created 0600 without following links (db-file.ts), WAL
 * (a crash loses at most an uncommitted transaction, readers never block the writer),
 * synchronous=NORMAL (durable at checkpoints; a power cut may lose the last commits, never
 * corrupt the file), a WAL cut back to 64 MB after checkpoints, and a busy timeout. A file that is not a database is set aside
 * (`usage.db.unreadable-<ms>`) and a new one created: the usage resyncs. A missing file is null unless `createMissing` (the default for writers); read-only never migrates.
 */
export function openUsageDb(dataDir: string, options: { readOnly?: boolean; createMissing?: boolean } = {}): DatabaseSync | null {
  try {
    return openChecked(dataDir, options)
  } catch (error) {
    if (options.readOnly === true || !isNotADatabase(error)) throw error
    // A damaged file is kept for inspection and the usage resyncs from scratch into a new one.
    const path = usageDbPath(dataDir)
    renameSync(path, `${path}.unreadable-${Date.now()}`)
    return openChecked(dataDir, options)
  }
}

/** SQLite's "file is not a database" (SQLITE_NOTADB, 26): garbage where the store should be. */
function isNotADatabase(error: unknown): boolean {
  return error instanceof Error && ((error as { errcode?: number }).errcode === 26 || /file is not a database/.test(error.message))
}

function openChecked(dataDir: string, options: { readOnly?: boolean; createMissing?: boolean }): DatabaseSync | null {
  const readOnly = options.readOnly === true
  const create = !readOnly && options.createMissing !== false
  if (create) ensurePrivateDir(dataDir)
  const path = usageDbPath(dataDir)
  const checked = checkDbFile(path, create)
  if (checked === null) return null
  const { DatabaseSync } = sqlite()
  const db = new DatabaseSync(path, { readOnly, timeout: BUSY_TIMEOUT_MS })
  try {
    confirmSameFile(path, checked)
    if (!readOnly) {
      db.exec('PRAGMA journal_mode = WAL')
      db.exec('PRAGMA synchronous = NORMAL')
      // A big commit (a window's rows and running sums) grows the WAL; it is cut back to this after each checkpoint.
      db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT}`)
      migrate(db, path)
    }
    return db
  } catch (error) {
    db.close()
    throw error
  }
}
