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
  /** Binds a directory (absolute, or starting with ~) to a profile; resolves to the error, or to the binding made and the profile it replaced (null when new). */
  bind(directory: string, profile: string): Promise<{ error: WireError } | { error: null; directory: string; replaced: string | null }>
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
    async bind(directory, profile) {
      const result = await client.call('bindings.set', { directory, profile })
      if (!result.ok) return { error: result.error }
      await get().load()
      return { error: null, directory: result.value.directory, replaced: result.value.replaced }
    },
    unbind: (directory) => change(() => client.call('bindings.remove', { directory })),
  }
})
