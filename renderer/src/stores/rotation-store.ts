import { create } from 'zustand'
import type { RetireResult, RotationOverview } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'
import { changeThenReload, loadInto } from './load-and-change'

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
  load: () => loadInto(set, 'overview', () => client.call('rotation.overview', {})),
  rotate: (profile, newKey) =>
    changeThenReload(
      () => client.call('rotation.rotate', { profile, newKey }),
      () => get().load(),
    ),
  async retire(profile, confirm) {
    const result = await client.call('rotation.retire', { profile, confirm })
    if (!result.ok) return { error: result.error, result: null }
    await get().load()
    return { error: null, result: result.value }
  },
  setPolicy: (change) =>
    changeThenReload(
      () => client.call('rotation.setPolicy', change),
      () => get().load(),
    ),
}))
