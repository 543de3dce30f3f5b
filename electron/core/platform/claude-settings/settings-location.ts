import { type Stats } from 'node:fs'
import { mkdir, readlink, realpath, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { KeywardError } from '../../../../shared/keyward-error'
import { type StatedFile, currentUid, describeFileType, isUnsafeFileError, lstatOrNull, openToOthers, ownedByUser, readStatedFileNoFollow } from '../fs/safe-file'

/*
 * Where a Claude Code settings file is, checked before Keyward reads or writes anything there.
 * A project's `.claude/` comes from a repository, so every entry in it is hostile until lstat
 * says otherwise: `.claude` must be a real directory of yours, `settings.json` a regular file of
 * yours (or missing). A link is refused, never followed, whatever it points at. `~/.claude` gets
 * the same rules: one behaviour, and a dotfiles link there is refused with the line to add by hand.
 */

/** The settings files Keyward writes: the shared one, or the per-machine one Claude Code reads over it (never committed). */
export type SettingsFileName = 'settings.json' | 'settings.local.json'

/** A settings file whose directory has been checked. */
export interface SettingsLocation {
  /** `<base>/.claude/settings.json`, as the user named it (for messages). */
  readonly file: string
  /** The same file under the real path of `<base>`: the key of its backup. */
  readonly realFile: string
  /** The real `<base>/.claude`, which is a directory of yours when `dirExists`. */
  readonly claudeDir: string
  readonly dirExists: boolean
  /** The lstat of the settings file, or null when there is none yet. */
  readonly entry: Stats | null
}

/** The refusal for anything under `.claude` that is not what it should be; nothing was changed. */
export function refusedEntry(path: string, why: string, fix: string): KeywardError {
  return new KeywardError('NOT_ALLOWED', `${path} ${why}; Keyward leaves it alone and changed nothing; ${fix}`)
}

/** The words for a link: a repository can plant one pointing at ~/.claude/settings.json or ~/.bash_profile. */
const LINK = 'which Keyward never follows (a repository can plant one to reach your files)'

/** Settings files are small; a bigger one is refused unread (a repository could ship a huge one). */
export const SETTINGS_MAX_BYTES = 1024 * 1024

/** Settings text and the fstat of the file it was read from. */
export interface SettingsText {
  readonly text: string
  readonly stats: Stats
}

/**
 * Reads a settings file (or an old backup) as UTF-8 text, without following a link or blocking:
 * null when missing; NOT_ALLOWED for a link, a FIFO, a device, a directory or more than
 * SETTINGS_MAX_BYTES; CONFIG_CORRUPT for bytes that are not UTF-8 (they could not be restored
 * exactly); INTERNAL (naming the file) when it cannot be read.
 */
export async function readSettingsText(path: string): Promise<SettingsText | null> {
  let read: StatedFile | null
  try {
    read = await readStatedFileNoFollow(path, SETTINGS_MAX_BYTES)
  } catch (error) {
    if (isUnsafeFileError(error)) {
      if (error.reason === 'symlink') throw refusedEntry(path, `is a symbolic link, ${LINK}`, 'replace it with a regular file (or remove it) and run this again')
      if (error.reason === 'too-large') throw refusedEntry(path, `is larger than ${SETTINGS_MAX_BYTES} bytes, more than a settings file ever needs`, 'shrink it or move it away and run this again')
      const entry = await lstatOrNull(path).catch(() => null)
      throw refusedEntry(path, `is ${entry ? describeFileType(entry) : 'something'}, not a regular file`, 'move it away and run this again')
    }
    throw new KeywardError('INTERNAL', `could not read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); check that it is yours and readable`)
  }
  if (read === null) return null
  try {
    // ignoreBOM keeps a BOM in the text: the restore stays byte for byte (and JSON.parse refuses it, as before).
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(read.bytes), stats: read.stats }
  } catch {
    throw new KeywardError('CONFIG_CORRUPT', `${path} is not UTF-8 text; fix it (or move it away) and run this again; the file was not changed`)
  }
}

/** Why `stats` (of `path`) is not a regular file or directory of yours, as the words of a refusal, or null when it is fine. */
async function problem(path: string, stats: Stats, want: 'file' | 'directory', uid: number | undefined): Promise<{ why: string; fix: string } | null> {
  if (stats.isSymbolicLink()) {
    const target = await readlink(path).catch(() => '?')
    return { why: `is a symbolic link (to ${JSON.stringify(target)}), ${LINK}`, fix: `replace it with a real ${want} of yours (or remove it) and run this again` }
  }
  if (want === 'file' ? !stats.isFile() : !stats.isDirectory()) {
    return { why: `is ${describeFileType(stats)}, not a ${want === 'file' ? 'regular file' : 'directory'}`, fix: `move it away and run this again` }
  }
  if (!ownedByUser(stats, uid)) return { why: `belongs to uid ${stats.uid}, not to you`, fix: `check who put it there; move it away and run this again` }
  if (want === 'directory' && uid !== undefined && openToOthers(stats)) return { why: 'is writable by every user (no sticky bit)', fix: `run: chmod o-w ${path}` }
  return null
}

/**
 * Checks `<base>/.claude` and `<base>/.claude/<name>` (settings.json unless named; `uid` is "you"; injectable for
 * tests) and says where they are. NOT_ALLOWED naming the entry and the fix when either is a link,
 * of the wrong type, or someone else's; INVALID_INPUT when `<base>` does not exist.
 */
export async function locateSettings(base: string, uid: number | undefined = currentUid(), name: SettingsFileName = 'settings.json'): Promise<SettingsLocation> {
  let realBase: string
  try {
    realBase = await realpath(base)
  } catch (error) {
    throw new KeywardError('INVALID_INPUT', `cannot open the directory ${base} (${(error as NodeJS.ErrnoException).code ?? 'error'}); pass an existing directory`)
  }
  if (!(await stat(realBase)).isDirectory()) throw new KeywardError('INVALID_INPUT', `${base} is a file, not a directory; pass the project directory`)
  const file = join(base, '.claude', name)
  const claudeDir = join(realBase, '.claude')
  const dir = await lstatOrNull(claudeDir)
  if (dir !== null) {
    const bad = await problem(join(base, '.claude'), dir, 'directory', uid)
    if (bad) throw refusedEntry(join(base, '.claude'), bad.why, bad.fix)
    // lstat said "a real directory"; realpath confirms nothing in between moved it out of <base>.
    if ((await realpath(claudeDir)) !== claudeDir) throw refusedEntry(join(base, '.claude'), 'resolves outside the project', 'replace it with a real directory and run this again')
  }
  const realFile = join(claudeDir, name)
  const entry = dir === null ? null : await lstatOrNull(realFile)
  if (entry !== null) {
    const bad = await problem(file, entry, 'file', uid)
    if (bad) throw refusedEntry(file, bad.why, bad.fix)
  }
  return { file, realFile, claudeDir, dirExists: dir !== null, entry }
}

/**
 * Creates `.claude` when it is missing and checks, just before a write, that it is still the real
 * directory locateSettings saw: the write renames a file into it, which must not land elsewhere.
 */
export async function ensureClaudeDir(location: SettingsLocation): Promise<void> {
  // Not recursive: if something appeared at that name since locateSettings, mkdir fails (EEXIST) instead of using it.
  if (!location.dirExists) await mkdir(location.claudeDir)
  const now = await lstatOrNull(location.claudeDir)
  if (now === null || now.isSymbolicLink() || !now.isDirectory()) {
    throw refusedEntry(location.claudeDir, 'was replaced while Keyward was working', 'check what changed it and run this again')
  }
}
