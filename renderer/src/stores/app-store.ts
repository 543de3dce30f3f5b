import { create } from 'zustand'
import type { AppInfo } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'

/** What the app shell knows about the core it talks to. */
interface AppState {
  info: AppInfo | null
  error: WireError | null
  loading: boolean
  load(): Promise<void>
}

/** The app shell's store: which core this is, and whether it answers. */
export const useAppStore = create<AppState>((set) => ({
  info: null,
  error: null,
  loading: false,
  async load() {
    set({ loading: true })
    const result = await client.call('app.info', {})
    set(result.ok ? { info: result.value, error: null, loading: false } : { error: result.error, loading: false })
  },
}))
