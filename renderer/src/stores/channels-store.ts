import { create } from 'zustand'
import type { ChannelView, DeliveryView, InputOf } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'
import { changeThenReload } from './load-and-change'

interface ChannelsState {
  channels: ChannelView[]
  deliveries: DeliveryView[]
  loading: boolean
  error: WireError | null
  /** The last test's outcome, per channel name. */
  tested: Record<string, { ok: boolean; message: string }>
  load(): Promise<void>
  /** Adds a webhook; returns the error to show beside the form, or null. Secrets go in and never come back. */
  addWebhook(input: InputOf<'channels.addWebhook'>): Promise<WireError | null>
  addEmail(input: InputOf<'channels.addEmail'>): Promise<WireError | null>
  remove(name: string): Promise<void>
  test(name: string): Promise<void>
  retry(alertId: string, channel: string): Promise<void>
}

/** Alert channels with their delivery health, and the outbox's recent alerts. */
export const useChannelsStore = create<ChannelsState>((set, get) => ({
  channels: [],
  deliveries: [],
  loading: false,
  error: null,
  tested: {},
  async load() {
    set({ loading: true })
    const result = await client.call('channels.list', {})
    set(result.ok ? { ...result.value, error: null, loading: false } : { error: result.error, loading: false })
  },
  addWebhook: (input) =>
    changeThenReload(
      () => client.call('channels.addWebhook', input),
      () => get().load(),
    ),
  addEmail: (input) =>
    changeThenReload(
      () => client.call('channels.addEmail', input),
      () => get().load(),
    ),
  async remove(name) {
    const result = await client.call('channels.remove', { name })
    if (!result.ok) set({ error: result.error })
    await get().load()
  },
  async test(name) {
    const result = await client.call('channels.test', { name })
    set({ tested: { ...get().tested, [name]: result.ok ? result.value : { ok: false, message: result.error.message } } })
    // A test is a delivery: read the channels again so their status shows it.
    await get().load()
  },
  async retry(alertId, channel) {
    const result = await client.call('channels.retry', { alertId, channel })
    if (!result.ok) set({ error: result.error })
    await get().load()
  },
}))
