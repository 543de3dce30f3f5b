import type { Channel } from './channel'
import type { ChannelSecrets } from './channel-secrets'
import type { StoredChannel } from './channel-store'
import { createEmailChannel } from './email/email-channel'
import { createWebhookChannel } from './webhook/webhook-channel'

/** Builds the channel `stored` describes, with its secrets from the vault. */
export function openChannel(stored: StoredChannel, secrets: ChannelSecrets | null): Channel {
  switch (stored.kind) {
    case 'webhook':
      if (!secrets?.url) {
        return { name: stored.name, deliver: async () => ({ kind: 'permanent', reason: 'its URL is missing from the keychain; remove the channel and add it again' }) }
      }
      return createWebhookChannel({ name: stored.name, url: secrets.url, format: stored.format, signingSecret: secrets.signingSecret })
    case 'email':
      return createEmailChannel({ ...stored, password: secrets?.password })
  }
}
