import { join } from 'node:path'
import { isProfileName } from '../../../../shared/profile-name'
import { KeywardError } from '../../../../shared/keyward-error'
import { CONFIG_FILE, CONFIG_VERSION, newerConfigError, unreadableConfigError } from './config-file'
import { isUnsafeFileError, readStateFileSync } from '../fs/safe-file'
import type { Config } from './config.schema'

/**
 * The part of the config that serving a key reads: profiles (name, kind, requiresApproval), the default, bindings and
 * allowed project files.
 */
export type ServingConfig = Pick<Config, 'version' | 'profiles' | 'defaultProfile' | 'bindings' | 'allowedProjects' | 'guardSeal'>

/*
 * Why a second config reader exists. `keyward helper` without a running app or daemon, and `keyward
 * statusline` always, read the config in their own short-lived process, at every Claude Code start
 * and turn. The zod schema (config.schema.ts) costs that process more than everything else it does
 * together: evaluating zod and building the schema, which also holds other areas' sections (orgs,
 * rotation), takes tens of milliseconds, the keychain lookup a few. So this reader parses by hand
 * exactly the sections above, with the same rules as the schema, and loads no zod at all (the fast
 * path's folder, electron/cli/fast/, is held to that by the import-boundaries lint rule).
 *
 * A file it does not accept in full is refused, never repaired: the error says so and names the
 * command that shows the problem. Moving a damaged file aside (config.json.corrupt-<time>) is the
 * config store's job, done by the next full command; a tool that runs in the background at every
 * turn does not rename the user's files. A file from a newer Keyward and an unreadable file get the
 * config store's own errors.
 *
 * It does not look at other sections (orgs, rotation, unknown keys): serving a key does not read
 * them, and the next full read still moves a file with a broken section aside.
 *
 * serving-config.test.ts pins this parser to `Config` over a corpus of valid and invalid files, so
 * a change to the schema that this file does not follow fails the tests.
 */

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const isString = (value: unknown): value is string => typeof value === 'string'
const ABSOLUTE = /^[A-Za-z]:[\\/]/
const SHA256 = /^[0-9a-f]{64}$/

/** A list field: missing means empty (the schema's default); anything but an array is refused. */
function list<T>(value: unknown, item: (entry: unknown) => T | null): T[] | null {
  if (value === undefined) return []
  if (!Array.isArray(value)) return null
  const out: T[] = []
  for (const entry of value) {
    const parsed = item(entry)
    if (parsed === null) return null
    out.push(parsed)
  }
  return out
}

function profile(value: unknown): ServingConfig['profiles'][number] | null {
  if (!isObject(value) || !isProfileName(value.name) || (value.kind !== 'api' && value.kind !== 'admin') || !isString(value.hint) || !isString(value.createdAt)) return null
  const tags = list(value.tags, (tag) => (isString(tag) ? tag : null))
  if (tags === null) return null
  const rotatedAt = value.rotatedAt === undefined ? null : value.rotatedAt
  if (rotatedAt !== null && !isString(rotatedAt)) return null
  if (value.requiresApproval !== undefined && typeof value.requiresApproval !== 'boolean') return null
  if (value.forwardable !== undefined && typeof value.forwardable !== 'boolean') return null
  // The schema keeps a profile's unknown keys (loose object), requiresApproval among them: so does this.
  return { ...value, name: value.name, kind: value.kind, hint: value.hint, tags, createdAt: value.createdAt, rotatedAt }
}

function binding(value: unknown): ServingConfig['bindings'][number] | null {
  if (!isObject(value) || !isString(value.directory) || !(value.directory.startsWith('/') || ABSOLUTE.test(value.directory))) return null
  if (!isProfileName(value.profile) || !isString(value.createdAt)) return null
  return { directory: value.directory, profile: value.profile, createdAt: value.createdAt }
}

function allowedProject(value: unknown): ServingConfig['allowedProjects'][number] | null {
  if (!isObject(value) || !isString(value.directory) || !isString(value.sha256) || !SHA256.test(value.sha256)) return null
  if (!isProfileName(value.profile) || !isString(value.allowedAt)) return null
  return { directory: value.directory, sha256: value.sha256, profile: value.profile, allowedAt: value.allowedAt }
}

/** The serving sections of a config file's text, or null when this parser does not accept it in full. */
export function parseServingConfig(text: string): ServingConfig | null {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  if (!isObject(json) || json.version !== CONFIG_VERSION) return null
  const defaultProfile = json.defaultProfile === undefined ? null : json.defaultProfile
  if (defaultProfile !== null && !isProfileName(defaultProfile)) return null
  const profiles = list(json.profiles, profile)
  const bindings = list(json.bindings, binding)
  const allowedProjects = list(json.allowedProjects, allowedProject)
  if (profiles === null || bindings === null || allowedProjects === null) return null
  // The guard seal is passed on as it is: guard-seal.ts checks its shape (a malformed one refuses serving).
  return { version: 1, profiles, defaultProfile, bindings, allowedProjects, ...(json.guardSeal !== undefined && { guardSeal: json.guardSeal }) }
}

/** Why `text` (the config file at `path`) is refused: a newer format, or not a valid config. */
function refusal(path: string, text: string): KeywardError {
  let version: unknown
  try {
    version = (JSON.parse(text) as { version?: unknown } | null)?.version
  } catch {
    // Not JSON: the general refusal below.
  }
  if (typeof version === 'number' && version > CONFIG_VERSION) return newerConfigError(path, version)
  return new KeywardError('CONFIG_CORRUPT', `the config file ${path} is not a valid Keyward config; run: keyward list (it names the problem, moves the file aside and keeps it as a backup)`)
}

/**
 * The config reader of the fast path (the helper without a daemon, the status line): the file
 * parsed by hand; a missing file is the empty config; anything else it does not accept throws a
 * coded KeywardError (CONFIG_CORRUPT, or the unsafe-file refusal, or INTERNAL when unreadable).
 */
export function createServingConfigReader(dataDir: string): () => Promise<ServingConfig> {
  const path = join(dataDir, CONFIG_FILE)
  return async () => {
    let text: string | null
    try {
      // No link followed, another user's file refused (that refusal names the file and is thrown as it is).
      text = readStateFileSync(path)
    } catch (error) {
      throw isUnsafeFileError(error) ? error : unreadableConfigError(path, error)
    }
    if (text === null) return { version: CONFIG_VERSION, profiles: [], defaultProfile: null, bindings: [], allowedProjects: [] }
    const config = parseServingConfig(text)
    if (config === null) throw refusal(path, text)
    return config
  }
}
