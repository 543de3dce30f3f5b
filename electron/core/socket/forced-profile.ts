import { KeywardError } from '../../../shared/errors'
import type { AuditLog } from '../audit/audit-log'
import { createConfigStore } from '../config/config-store'
import type { Keychain } from '../vault/keychain'

/** Serves a named profile regardless of bindings (`keyward helper --profile NAME`). */
export type ForcedProfileResolver = (profile: string, cwd: string, agent: string | undefined, transport: 'socket' | 'direct') => Promise<{ profile: string; key: string }>

/**
 * Builds the `--profile` path with the same gates as the key service: the profile must exist and
 * hold an API key (never an Admin key), and every served key is audited. The KeyService interface
 * has no forced-profile call yet; this stays beside the socket until it does.
 */
export function createForcedProfileResolver(deps: { dataDir: string; keychain: Keychain; audit: AuditLog }): ForcedProfileResolver {
  const config = createConfigStore(deps.dataDir)
  return async (profile, cwd, agent, transport) => {
    const meta = (await config.read()).profiles.find((p) => p.name === profile)
    if (!meta) throw new KeywardError('NOT_FOUND', `there is no profile "${profile}" (asked for with --profile in ${cwd}); run: keyward list, or keyward add ${profile}`)
    if (meta.kind !== 'api') throw new KeywardError('NOT_ALLOWED', `profile "${profile}" holds an Admin key, which Keyward never hands to tools; pass an API-key profile to --profile`)
    const key = await deps.keychain.get(meta.name)
    if (key === null) throw new KeywardError('NOT_FOUND', `the keychain has no key for profile "${profile}"; run: keyward remove ${profile} --force, then keyward add ${profile}`)
    await deps.audit.append({ event: 'key.served', profile: meta.name, directory: cwd, ...(agent !== undefined && { agent }), transport, detail: 'forced with --profile' })
    return { profile: meta.name, key }
  }
}
