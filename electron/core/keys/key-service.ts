import { KeywardError } from '../../../shared/errors'
import type { AuditLog } from '../audit/audit-log'
import { resolveProfile } from '../bindings/resolve'
import { createConfigStore } from '../config/config-store'
import type { Keychain } from '../vault/keychain'

/** A key handed to a tool, with where it came from (never logged with the key). */
export interface ServedKey {
  readonly profile: string
  readonly key: string
  /** The directory whose binding or project file matched, or the real cwd for the default profile. */
  readonly directory: string
  readonly reason: 'binding' | 'project-file' | 'default'
}

/** Serves the key bound to a directory: what the socket server and the no-daemon `keyward helper` call. */
export interface KeyService {
  /**
   * The API key for `cwd` (its real path, walking up parents). Appends `key.served` to the audit
   * log before returning. Throws KeywardError: NOT_BOUND, NOT_ALLOWED, NOT_FOUND,
   * KEYCHAIN_UNAVAILABLE, CONFIG_CORRUPT, INVALID_INPUT (cwd missing).
   */
  resolve(cwd: string, agent: string | undefined, transport: 'socket' | 'direct'): Promise<ServedKey>
}

/** What the key service needs; cheap to build, so `keyward helper` can make one per process. */
export interface KeyServiceDeps {
  readonly dataDir: string
  readonly keychain: Keychain
  readonly audit: AuditLog
  readonly now?: () => Date
}

/**
 * Builds the key service. Each call reads the config once (no cache: the CLI may change it at any
 * moment) and the keychain once; keytar loads on the first call, not here.
 */
export function createKeyService(deps: KeyServiceDeps): KeyService {
  const config = createConfigStore(deps.dataDir, deps.now)
  return {
    async resolve(cwd, agent, transport) {
      const current = await config.read()
      const found = await resolveProfile(current, cwd)
      const meta = current.profiles.find((p) => p.name === found.profile)
      if (!meta) {
        const source = found.reason === 'project-file' ? `${found.projectFile} names` : found.reason === 'default' ? 'the default is' : `${found.directory} is bound to`
        throw new KeywardError('NOT_FOUND', `${source} profile "${found.profile}", which does not exist; run: keyward add ${found.profile}`)
      }
      if (meta.kind !== 'api') {
        throw new KeywardError(
          'NOT_ALLOWED',
          `profile "${meta.name}" holds an Admin key, which Keyward never hands to tools; run: keyward use <api-profile> --dir ${found.cwd}`,
        )
      }
      const key = await deps.keychain.get(meta.name)
      if (key === null) {
        throw new KeywardError('NOT_FOUND', `the keychain has no key for profile "${meta.name}" (deleted outside Keyward?); run: keyward remove ${meta.name} --force, then keyward add ${meta.name}`)
      }
      await deps.audit.append({ event: 'key.served', profile: meta.name, directory: found.cwd, ...(agent !== undefined && { agent }), transport })
      return { profile: meta.name, key, directory: found.directory, reason: found.reason }
    },
  }
}
