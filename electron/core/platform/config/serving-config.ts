import { join } from 'node:path'
import { readStateFileSync } from '../fs/safe-file'
import { isProfileName } from '../../../../shared/profile-name'
import { CONFIG_FILE } from './config-file'
import type { Config } from './config.schema'

/**
 * The part of the config that serving a key reads: profiles (name, kind, requiresApproval), the default, bindings and
 * allowed project files.
 */
export type ServingConfig = Pick<Config, 'version' | 'profiles' | 'defaultProfile' | 'bindings' | 'allowedProjects' | 'guardSeal'>

/*
 * Why a second config reader exists. `keyward helper` without a running app or daemon reads the
 * config in its own short-lived process, at every Claude Code start. The zod schema (config.schema.ts)
 * costs that process more than everything else it does together: evaluating zod and building the
 * schema, which also holds other areas' sections (orgs, rotation), takes tens of milliseconds, the
 * keychain lookup a few. So the helper parses by hand exactly the sections above, with the same rules
 * as the schema, and returns null (defer) for anything it does not accept in full; the caller then
 * reads through the config store, which gives the usual CONFIG_CORRUPT handling (the file moved aside,
 * the backup named) or the newer-version refusal. It never accepts what the schema refuses in those
 * sections and never rejects on its own: at worst it defers, and the slow path decides.
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

/** The serving sections of a config file's text, or null when this parser does not accept it in full (the caller defers to the config store). */
export function parseServingConfig(text: string): ServingConfig | null {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return null
  }
  if (!isObject(json) || json.version !== 1) return null
  const defaultProfile = json.defaultProfile === undefined ? null : json.defaultProfile
  if (defaultProfile !== null && !isProfileName(defaultProfile)) return null
  const profiles = list(json.profiles, profile)
  const bindings = list(json.bindings, binding)
  const allowedProjects = list(json.allowedProjects, allowedProject)
  if (profiles === null || bindings === null || allowedProjects === null) return null
  // The guard seal is passed on as it is: guard-seal.ts checks its shape (a malformed one refuses serving).
  return { version: 1, profiles, defaultProfile, bindings, allowedProjects, ...(json.guardSeal !== undefined && { guardSeal: json.guardSeal }) }
}

/**
 * A config reader for the helper's no-daemon path: the file parsed by hand, else (missing sections
 * aside, anything the hand parser does not accept, an unreadable file) `fallback`, which is the
 * config store's own read.
 */
export function createServingConfigReader(dataDir: string, fallback: () => Promise<ServingConfig>): () => Promise<ServingConfig> {
  const path = join(dataDir, CONFIG_FILE)
  return async () => {
    let text: string | null
    try {
      // No link followed, another user's file refused: the fallback's read then throws with the reason.
      text = readStateFileSync(path)
    } catch {
      return fallback()
    }
    if (text === null) return { version: 1, profiles: [], defaultProfile: null, bindings: [], allowedProjects: [] }
    return parseServingConfig(text) ?? fallback()
  }
}
