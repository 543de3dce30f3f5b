import { create } from 'zustand'
import type { BindingSummary } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'

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
  const change = async (run: () => Promise<{ ok: boolean; error?: WireError }>): Promise<WireError | null> => {
    const result = await run()
    if (!result.ok) return result.error ?? null
    await get().load()
    return null
  }
  return {
    bindings: [],
    error: null,
    loading: false,
    async load() {
      set({ loading: true })
      const result = await client.call('bindings.list', {})
      set(result.ok ? { bindings: result.value, error: null, loading: false } : { error: result.error, loading: false })
    },
    bind: (directory, profile) => change(() => client.call('bindings.set', { directory, profile })),
    unbind: (directory) => change(() => client.call('bindings.remove', { directory })),
  }
})
