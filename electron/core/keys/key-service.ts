import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { KeywardError } from '../../../shared/keyward-error'
import type { AuditLog } from '../audit/audit-log'
import { resolveProfile } from '../bindings/resolve'
import { CONFIG_FILE } from '../config/config-file'
import type { ServingConfig } from '../config/serving-config'
import type { Approver } from '../notify/approver'
import type { Keychain } from '../vault/keychain'
import { singleFlight } from '../single-flight'

/*
 * This module is on the no-daemon `keyward helper` path: it must not load zod at import time. The
 * config store (zod schema) is imported lazily; the helper passes its own hand-checked reader.
 */

/** A key handed to a tool, with where it came from (never logged with the key). */
export interface ServedKey {
  readonly profile: string
  readonly key: string
  /** The directory whose binding or project file matched, or the real cwd for the default (the cwd as given when forced). */
  readonly directory: string
  readonly reason: 'binding' | 'project-file' | 'default' | 'forced'
}

/** Serves keys to tools: what the socket server and the no-daemon `keyward helper` call, and the only code that does. */
export interface KeyService {
  /**
   * The API key for `cwd` (its real path, walking up parents). Appends `key.served` to the audit
   * log before returning. A profile that requires approval waits for the approver first (the
   * keychain is not read unless approved). Throws KeywardError: NOT_BOUND, NOT_ALLOWED, NOT_FOUND,
   * KEYCHAIN_UNAVAILABLE, CONFIG_CORRUPT, INVALID_INPUT (cwd missing), INTERNAL (audit log).
   */
  resolve(cwd: string, agent: string | undefined, transport: 'socket' | 'direct'): Promise<ServedKey>
  /**
   * The key of profile `name` whatever `cwd` is bound to (`keyward helper --profile NAME`), with the
   * same gates: the profile must exist, hold an API key, and be approved if it requires it. Audited with `detail: "forced with --profile"`.
   * Throws KeywardError: NOT_FOUND, NOT_ALLOWED, KEYCHAIN_UNAVAILABLE, CONFIG_CORRUPT, INTERNAL.
   */
  resolveProfile(name: string, cwd: string, agent: string | undefined, transport: 'socket' | 'direct'): Promise<ServedKey>
}

/** What the key service needs; cheap to build, so `keyward helper` can make one per process. */
export interface KeyServiceDeps {
  readonly dataDir: string
  readonly keychain: Keychain
  readonly audit: AuditLog
  readonly now?: () => Date
  /** Reads the config; defaults to the config store's read (zod-validated, moves a corrupt file aside). */
  readonly readConfig?: () => Promise<ServingConfig>
  /**
   * Asks a person before serving a profile that requires approval (the app's prompt). Without one
   * (the no-daemon helper: there is no app to ask) such profiles are refused.
   */
  readonly approver?: Approver
}

/**
 * How long a tool waits for a person's approval: under the socket's 30 s idle timeout and the
 * helper's 30 s reply timeout, so the helper hears "denied" rather than a dropped connection.
 */
export const APPROVAL_WAIT_MS = 25_000

/**
 * A file modified less than this long ago is re-read at every call, never served from the cache:
 * file timestamps are coarse (a kernel tick; seconds on some file systems), so two writes within
 * one tick that keep the size and reuse the inode would otherwise look the same ("racy git").
 */
const RACY_MS = 2_000

/**
 * Builds the key service. Keytar loads on the first call, not here. The parsed config is cached
 * and re-used while the file's identity (device, inode, size, mtime, ctime) is unchanged and it was
 * last modified more than RACY_MS ago; one stat per call checks it. Every write to the config is an
 * atomic rename (a new inode), from this process or any other, so a change is seen on the next call.
 * The cwd's real path is not cached: a symlink may be re-pointed at any time.
 */
export function createKeyService(deps: KeyServiceDeps): KeyService {
  const configPath = join(deps.dataDir, CONFIG_FILE)
  let storeRead: (() => Promise<ServingConfig>) | undefined
  const readConfig =
    deps.readConfig ??
    (async () => {
      if (!storeRead) {
        const { createConfigStore } = await import('../config/config-store')
        const store = createConfigStore(deps.dataDir, deps.now)
        storeRead = () => store.read()
      }
      return storeRead()
    })
  let cached: { identity: string; config: Promise<ServingConfig> } | null = null
  // Concurrent requests share one stat (see single-flight.ts).
  const statConfig = singleFlight((path) => stat(path, { bigint: true }))

  async function currentConfig(): Promise<ServingConfig> {
    let identity: string | null = null
    try {
      const s = await statConfig(configPath)
      // The injected clock, like every other clock reading here (tests set it against the file's own times).
      if ((deps.now?.() ?? new Date()).getTime() - Number(s.mtimeMs) >= RACY_MS) identity = `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`
    } catch {
      // Missing or unreadable: the reader decides (empty config, or a coded error).
    }
    if (identity !== null && cached?.identity === identity) return cached.config
    // Stat before read: a write racing with this read is cached under the old identity, so the next call sees it.
    const config = readConfig()
    cached = identity === null ? null : { identity, config }
    // A failed read (corrupt file moved aside) must not be remembered.
    config.catch(() => {
      if (cached?.config === config) cached = null
    })
    return config
  }

  /** For a profile that requires approval: asks the approver (before any keychain read), or refuses. */
  async function approve(meta: ServingConfig['profiles'][number], directory: string, agent: string | undefined, transport: 'socket' | 'direct'): Promise<void> {
    if (!meta.requiresApproval) return
    const decision = deps.approver ? await deps.approver.request({ profile: meta.name, directory, tool: agent ?? (transport === 'direct' ? 'keyward' : 'unknown tool') }, { timeoutMs: APPROVAL_WAIT_MS }) : 'unavailable'
    if (decision === 'approved') return
    await deps.audit.append({ event: 'key.denied', profile: meta.name, directory, ...(agent !== undefined && { agent }), transport, detail: `approval ${decision}` })
    const why = decision === 'denied' ? 'the request was denied' : decision === 'timeout' ? 'nobody approved it in time' : 'no Keyward app is running to ask'
    throw new KeywardError('NOT_ALLOWED', `${why}; ${meta.name} needs approval in the Keyward app; approve the prompt, or run: keyward guard ${meta.name} --off`)
  }

  async function keyOf(name: string, missingInKeychain: string): Promise<string> {
    const key = await deps.keychain.get(name)
    if (key === null) throw new KeywardError('NOT_FOUND', missingInKeychain)
    return key
  }

  return {
    async resolve(cwd, agent, transport) {
      const current = await currentConfig()
      const found = await resolveProfile(current, cwd)
      const meta = current.profiles.find((p) => p.name === found.profile)
      if (!meta) {
        const source = found.reason === 'project-file' ? `${found.projectFile} names` : found.reason === 'default' ? 'the default is' : `${found.directory} is bound to`
        throw new KeywardError('NOT_FOUND', `${source} profile "${found.profile}", which does not exist; run: keyward add ${found.profile}`)
      }
      if (meta.kind !== 'api') {
        throw new KeywardError('NOT_ALLOWED', `profile "${meta.name}" holds an Admin key, which Keyward never hands to tools; run: keyward use <api-profile> --dir ${found.cwd}`)
      }
      await approve(meta, found.cwd, agent, transport)
      const key = await keyOf(meta.name, `the keychain has no key for profile "${meta.name}" (deleted outside Keyward?); run: keyward remove ${meta.name} --force, then keyward add ${meta.name}`)
      await deps.audit.append({ event: 'key.served', profile: meta.name, directory: found.cwd, ...(agent !== undefined && { agent }), transport })
      return { profile: meta.name, key, directory: found.directory, reason: found.reason }
    },

    async resolveProfile(name, cwd, agent, transport) {
      const meta = (await currentConfig()).profiles.find((p) => p.name === name)
      if (!meta) throw new KeywardError('NOT_FOUND', `there is no profile "${name}" (asked for with --profile in ${cwd}); run: keyward list, or keyward add ${name}`)
      if (meta.kind !== 'api') throw new KeywardError('NOT_ALLOWED', `profile "${name}" holds an Admin key, which Keyward never hands to tools; pass an API-key profile to --profile`)
      await approve(meta, cwd, agent, transport)
      const key = await keyOf(meta.name, `the keychain has no key for profile "${name}"; run: keyward remove ${name} --force, then keyward add ${name}`)
      await deps.audit.append({ event: 'key.served', profile: meta.name, directory: cwd, ...(agent !== undefined && { agent }), transport, detail: 'forced with --profile' })
      return { profile: meta.name, key, directory: cwd, reason: 'forced' }
    },
  }
}
