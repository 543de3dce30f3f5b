import { create } from 'zustand'
import type { RetireResult, RotationOverview } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'

interface RotationState {
  overview: RotationOverview | null
  loading: boolean
  error: WireError | null
  load(): Promise<void>
  /** Sends the new key to the core (the only direction a key ever travels); returns the error to show, or null. */
  rotate(profile: string, newKey: string): Promise<WireError | null>
  retire(profile: string, confirm: boolean): Promise<{ error: WireError | null; result: RetireResult | null }>
  setPolicy(change: { ageDays?: number; quietHours?: number }): Promise<WireError | null>
}

/** Key lifecycle: profiles matched to org keys, reminders, rotations in progress. */
export const useRotationStore = create<RotationState>((set, get) => ({
  overview: null,
  loading: false,
  error: null,
  async load() {
    set({ loading: true })
    const result = await client.call('rotation.overview', {})
    set(result.ok ? { overview: result.value, error: null, loading: false } : { error: result.error, loading: false })
  },
  async rotate(profile, newKey) {
    const result = await client.call('rotation.rotate', { profile, newKey })
    if (!result.ok) return result.error
    await get().load()
    return null
  },
  async retire(profile, confirm) {
    const result = await client.call('rotation.retire', { profile, confirm })
    if (!result.ok) return { error: result.error, result: null }
    await get().load()
    return { error: null, result: result.value }
  },
  async setPolicy(change) {
    const result = await client.call('rotation.setPolicy', change)
    if (!result.ok) return result.error
    await get().load()
    return null
  },
}))
