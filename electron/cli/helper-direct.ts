import { isKeywardError } from '../../shared/errors'
import { redactSecrets } from '../../shared/redact'
import { createAuditLog } from '../core/audit/audit-log'
import { createKeyService } from '../core/keys/key-service'
import { createForcedProfileResolver } from '../core/socket/forced-profile'
import type { KeyAnswer } from '../core/socket/socket-client'
import { createKeytarKeychain } from '../core/vault/keychain'
import type { HelperRequest } from './commands/helper'

/**
 * The helper's path when no app or daemon answers: resolve in this process and read the OS
 * keychain. Loaded lazily, because it brings zod (config schema) and keytar.
 */
export async function resolveDirectly(dataDir: string, request: HelperRequest): Promise<KeyAnswer> {
  const keychain = createKeytarKeychain()
  const audit = createAuditLog(dataDir)
  try {
    const served =
      request.profile === undefined
        ? await createKeyService({ dataDir, keychain, audit }).resolve(request.cwd, request.agent, 'direct')
        : await createForcedProfileResolver({ dataDir, keychain, audit })(request.profile, request.cwd, request.agent, 'direct')
    return { kind: 'key', profile: served.profile, key: served.key }
  } catch (error) {
    if (isKeywardError(error)) return { kind: 'error', code: error.code, message: error.message }
    return { kind: 'error', code: 'INTERNAL', message: `unexpected error: ${redactSecrets(error instanceof Error ? error.message : String(error))}; run: keyward doctor` }
  }
}
