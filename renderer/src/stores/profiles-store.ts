import { create } from 'zustand'
import type { KeyKind, ProfileSummary } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import type { Result } from '../../../shared/result'
import { client } from '../transport/client'
import { changeThenReload, loadInto } from './load-and-change'

/** Profiles as the renderer sees them: names and masked hints, never keys. */
interface ProfilesState {
  profiles: ProfileSummary[]
  error: WireError | null
  loading: boolean
  load(): Promise<void>
  /** Sends a new key to the core (the only time a key crosses into it); resolves to the error, or null. */
  add(input: { name: string; kind: KeyKind; key: string }): Promise<WireError | null>
  rename(from: string, to: string): Promise<WireError | null>
  /** Removes a profile; `force` also removes its bindings (the screen asks first). */
  remove(name: string, force: boolean): Promise<WireError | null>
  setDefault(name: string | null): Promise<WireError | null>
  /** Turns the guard on or off: in the desktop app tools then wait for a person to approve; the headless daemon refuses them. */
  setApproval(name: string, required: boolean): Promise<WireError | null>
  /** Lets machines reached with keyward ssh get this profile's key from here, or stops that. */
  setForwardable(name: string, forwardable: boolean): Promise<WireError | null>
}

/** The profiles store: every change reloads the list, so the screen shows what the core holds. */
export const useProfilesStore = create<ProfilesState>((set, get) => {
  const change = (run: () => Promise<Result<unknown>>) => changeThenReload(run, () => get().load())
  return {
    profiles: [],
    error: null,
    loading: false,
    load: () => loadInto(set, 'profiles', () => client.call('profiles.list', {})),
    add: (input) => change(() => client.call('profiles.add', input)),
    rename: (from, to) => change(() => client.call('profiles.rename', { from, to })),
    remove: (name, force) => change(() => client.call('profiles.remove', { name, force })),
    setDefault: (name) => change(() => client.call('profiles.setDefault', { name })),
    setApproval: (name, required) => change(() => client.call('profiles.setApproval', { name, required })),
    setForwardable: (name, forwardable) => change(() => client.call('profiles.setForwardable', { name, forwardable })),
  }
})
