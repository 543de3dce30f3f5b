import { create } from 'zustand'
import type { AppInfo } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { client } from '../transport/client'
import { loadInto } from './load-and-change'

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
  load: () => loadInto(set, 'info', () => client.call('app.info', {})),
}))
