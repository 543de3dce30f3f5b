import { create } from 'zustand'
import type { ProfileSummary } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'

/** Profiles as the renderer sees them: names and masked hints, never keys. */
interface ProfilesState {
  profiles: ProfileSummary[]
  error: WireError | null
  loading: boolean
  load(): Promise<void>
}

/** The profiles store. */
export const useProfilesStore = create<ProfilesState>((set) => ({
  profiles: [],
  error: null,
  loading: false,
  async load() {
    set({ loading: true })
    const result = await client.call('profiles.list', {})
    set(result.ok ? { profiles: result.value, error: null, loading: false } : { error: result.error, loading: false })
  },
}))
