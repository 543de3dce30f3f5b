import { z } from 'zod'
import { KeywardError } from '../../../shared/errors'
import type { Keychain } from '../vault/keychain'

/**
 * A channel's secrets, kept in the OS keychain as one JSON entry under `channel:NAME` (a
 * profile name cannot contain ":", so the accounts never meet): the whole webhook URL (a Slack
 * URL's path is its token), the HMAC signing secret, the SMTP password.
 */
export const ChannelSecrets = z.object({
  url: z.string().optional(),
  signingSecret: z.string().optional(),
  password: z.string().optional(),
})
export type ChannelSecrets = z.infer<typeof ChannelSecrets>

const account = (name: string): string => `channel:${name}`

/** Reads, writes and deletes channel secrets in the keychain. */
export interface ChannelSecretStore {
  get(name: string): Promise<ChannelSecrets | null>
  set(name: string, secrets: ChannelSecrets): Promise<void>
  delete(name: string): Promise<void>
}

/** The channel secret store over `keychain`. */
export function channelSecretStore(keychain: Keychain): ChannelSecretStore {
  return {
    async get(name) {
      const text = await keychain.get(account(name))
      if (text === null) return null
      try {
        return ChannelSecrets.parse(JSON.parse(text))
      } catch {
        throw new KeywardError('CONFIG_CORRUPT', `the keychain entry ${account(name)} is not one Keyward wrote; remove the channel and add it again`)
      }
    },
    set: (name, secrets) => keychain.set(account(name), JSON.stringify(secrets)),
    async delete(name) {
      await keychain.delete(account(name))
    },
  }
}
