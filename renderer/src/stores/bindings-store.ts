import { create } from 'zustand'
import type { BindingSummary } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import type { Result } from '../../../shared/result'
import { client } from '../transport/client'
import { changeThenReload, loadInto } from './load-and-change'

/** Directory bindings as the core holds them. */
interface BindingsState {
  bindings: BindingSummary[]
  error: WireError | null
  loading: boolean
  load(): Promise<void>
  /** Binds a directory (absolute, or starting with ~) to a profile; resolves to the error, or null. */
  bind(directory: string, profile: string): Promise<WireError | null>
  unbind(directory: string): Promise<WireError | null>
}

/** The bindings store. */
export const useBindingsStore = create<BindingsState>((set, get) => {
  const change = (run: () => Promise<Result<unknown>>) => changeThenReload(run, () => get().load())
  return {
    bindings: [],
    error: null,
    loading: false,
    load: () => loadInto(set, 'bindings', () => client.call('bindings.list', {})),
    bind: (directory, profile) => change(() => client.call('bindings.set', { directory, profile })),
    unbind: (directory) => change(() => client.call('bindings.remove', { directory })),
  }
})
