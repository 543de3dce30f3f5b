import { z } from 'zod'
import { KeywardError } from '../../../../shared/errors'
import type { Keychain } from '../../vault/keychain'
import { channelSecretAccount as account } from '../../vault/secret-accounts'

/**
 * A channel's secrets, kept in the vault of the configured backend (the OS keychain or the file
 * vault) as one JSON entry under `channel:NAME` (see secret-accounts.ts): the whole webhook URL (a
 * Slack URL's path is its token), the HMAC signing secret, the SMTP password.
 */
export const ChannelSecrets = z.object({
  url: z.string().optional(),
  signingSecret: z.string().optional(),
  password: z.string().optional(),
})
export type ChannelSecrets = z.infer<typeof ChannelSecrets>

/** Reads, writes and deletes channel secrets in the vault. */
export interface ChannelSecretStore {
  get(name: string): Promise<ChannelSecrets | null>
  set(name: string, secrets: ChannelSecrets): Promise<void>
  delete(name: string): Promise<void>
}

/** The channel secret store over `keychain` (the vault's: never the OS keychain opened on its own). */
export function channelSecretStore(keychain: Keychain): ChannelSecretStore {
  return {
    async get(name) {
      const text = await keychain.get(account(name))
      if (text === null) return null
      try {
        return ChannelSecrets.parse(JSON.parse(text))
      } catch {
        throw new KeywardError('CONFIG_CORRUPT', `the vault entry ${account(name)} is not one Keyward wrote; remove the channel and add it again`)
      }
    },
    set: (name, secrets) => keychain.set(account(name), JSON.stringify(secrets)),
    async delete(name) {
      await keychain.delete(account(name))
    },
  }
}
