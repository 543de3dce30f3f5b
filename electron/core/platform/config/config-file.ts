import { KeywardError } from '../../../../shared/keyward-error'

/*
 * Facts about the config file that both of its readers share: the config store (zod-validated, for
 * every command and host) and the serving reader (hand-checked, for the helper's and the status
 * line's fast path). Nothing here loads zod.
 */

/** The config file's name under the data directory. */
export const CONFIG_FILE = 'config.json'

/** The config file's format version; a newer one is refused rather than rewritten. */
export const CONFIG_VERSION = 1

/** A config file from a newer Keyward: left alone and refused, by either reader. */
export function newerConfigError(path: string, version: number): KeywardError {
  return new KeywardError('CONFIG_CORRUPT', `the config file ${path} was written by a newer Keyward (format ${version}, this one reads ${CONFIG_VERSION}); update Keyward`)
}

/** A config file that could be opened but not read (a directory in its place, an I/O error). */
export function unreadableConfigError(path: string, error: unknown): KeywardError {
  return new KeywardError('INTERNAL', `could not read the config file ${path} (${error instanceof Error ? error.message : String(error)}); check that it is yours and readable`)
}
