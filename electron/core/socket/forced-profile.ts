import type { AuditLog } from '../audit/audit-log'
import { createKeyService } from '../keys/key-service'
import type { Keychain } from '../vault/keychain'

/** Serves a named profile regardless of bindings (`keyward helper --profile NAME`). */
export type ForcedProfileResolver = (profile: string, cwd: string, agent: string | undefined, transport: 'socket' | 'direct') => Promise<{ profile: string; key: string }>

/**
 * @deprecated The `--profile` path is `KeyService.resolveProfile` now, so there is one way to serve
 * a key. Kept only for callers not yet moved (test/reliability/hostile-inputs.test.ts); it delegates.
 */
export function createForcedProfileResolver(deps: { dataDir: string; keychain: Keychain; audit: AuditLog }): ForcedProfileResolver {
  const keys = createKeyService(deps)
  return (profile, cwd, agent, transport) => keys.resolveProfile(profile, cwd, agent, transport)
}
