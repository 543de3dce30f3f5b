import type { Handlers } from '../../router'
import type { ChannelService } from './channel-service'
import type { Outbox } from '../outbox/outbox'

/** Handlers for `channels.*`: secrets come in from the form, and no handler ever returns one. */
export function channelHandlers(channels: ChannelService, outbox: Pick<Outbox, 'requeue'>): Pick<Handlers, Extract<keyof Handlers, `channels.${string}`>> {
  return {
    'channels.list': () => channels.list(),
    'channels.addWebhook': (input) => channels.addWebhook(input),
    'channels.addEmail': (input) => channels.addEmail(input),
    'channels.remove': async ({ name }) => ({ removed: await channels.remove(name) }),
    'channels.test': ({ name }) => channels.test(name),
    'channels.retry': async ({ alertId, channel }) => ({ requeued: await outbox.requeue(alertId, channel) }),
  }
}
