import { create } from 'zustand'
import { systemTimeZone } from '../../../shared/calendar'
import type { ProjectsOverview } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import type { Result } from '../../../shared/result'
import { client } from '../transport/client'
import { changeThenReload, loadInto } from './load-and-change'

/** The Projects screen's data: every bound directory and allowed project file, with spend and last use. */
interface ProjectsState {
  overview: ProjectsOverview | null
  error: WireError | null
  loading: boolean
  load(): Promise<void>
  /** Binds the project's directory to another profile (a binding then wins over its project file); resolves to the error, or to the binding made and the profile it replaced (null when new). */
  rebind(directory: string, profile: string): Promise<{ error: WireError } | { error: null; directory: string; replaced: string | null }>
  unbind(directory: string): Promise<WireError | null>
  /** Allows the project's `.keyward.json`, only if it still has the sha256 the screen showed. */
  allow(directory: string, sha256: string): Promise<WireError | null>
  /** Shows the directory in the file manager (the desktop app only). */
  reveal(directory: string): Promise<WireError | null>
}

/** The projects store; every change reloads, so the screen shows what the core holds. */
export const useProjectsStore = create<ProjectsState>((set, get) => {
  const change = (run: () => Promise<Result<unknown>>) => changeThenReload(run, () => get().load())
  return {
    overview: null,
    error: null,
    loading: false,
    load: () => loadInto(set, 'overview', () => client.call('projects.list', { timeZone: systemTimeZone() })),
    async rebind(directory, profile) {
      const result = await client.call('bindings.set', { directory, profile })
      if (!result.ok) return { error: result.error }
      await get().load()
      return { error: null, directory: result.value.directory, replaced: result.value.replaced }
    },
    unbind: (directory) => change(() => client.call('bindings.remove', { directory })),
    allow: (directory, sha256) => change(() => client.call('projects.allow', { directory, sha256 })),
    async reveal(directory) {
      const result = await client.call('projects.reveal', { directory })
      return result.ok ? null : result.error
    },
  }
})
