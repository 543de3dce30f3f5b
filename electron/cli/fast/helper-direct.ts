import { isKeywardError } from '../../../shared/keyward-error'
import { redactSecrets } from '../../../shared/redact'
import { createAuditAppender } from '../../core/platform/audit/audit-append'
import { createServingConfigReader } from '../../core/platform/config/serving-config'
import { createKeyService } from '../../core/keys/key-service'
import { checkDataDir } from '../../core/platform/paths'
import type { KeyAnswer } from '../../core/serving/socket/socket-client'
import { configuredBackend } from '../../core/vault/backend'
import { createKeytarKeychain } from '../../core/vault/keychain'
import { startDaemonHint } from './daemon-start-hint'
import type { HelperRequest } from './helper'

/** What the helper, exec and env say when the file vault is configured and no daemon answers (the service is named only when installed). */
export const fileVaultNeedsDaemon = (env: NodeJS.ProcessEnv = process.env): string =>
  `the file vault is locked: no Keyward daemon is running to hold it; start one (${startDaemonHint(env)}), then run: keyward unlock`

/**
 * The helper's path when no app or daemon answers: resolve in this process with the key service and
 * read the OS keychain. Nothing here loads zod: the config is read by the hand-checked reader
 * (core/platform/config/serving-config.ts), and keytar loads on the keychain read.
 */
export async function resolveDirectly(dataDir: string, request: HelperRequest): Promise<KeyAnswer> {
  try {
    checkDataDir(dataDir)
  } catch (error) {
    if (isKeywardError(error)) return { kind: 'error', code: error.code, message: error.message }
    throw error
  }
  // The file vault's keys live only in an unlocked daemon's memory; this process never asks for a passphrase.
  if (configuredBackend(dataDir) === 'file') return { kind: 'error', code: 'KEYCHAIN_UNAVAILABLE', message: fileVaultNeedsDaemon() }
  const keys = createKeyService({
    dataDir,
    keychain: createKeytarKeychain(),
    audit: createAuditAppender(dataDir),
    readConfig: createServingConfigReader(dataDir),
  })
  try {
    const served = request.profile === undefined ? await keys.resolve(request.cwd, request.agent, 'direct') : await keys.resolveProfile(request.profile, request.cwd, request.agent, 'direct')
    return { kind: 'key', profile: served.profile, key: served.key }
  } catch (error) {
    if (isKeywardError(error)) return { kind: 'error', code: error.code, message: error.message }
    return { kind: 'error', code: 'INTERNAL', message: `unexpected error: ${redactSecrets(error instanceof Error ? error.message : String(error))}; run: keyward doctor` }
  }
}
