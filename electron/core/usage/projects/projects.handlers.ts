import type { Handlers } from '../../router'
import type { ProjectsService } from './projects-service'

/** Handlers for `projects.*`. */
export function projectHandlers(projects: ProjectsService): Pick<Handlers, 'projects.list' | 'projects.allow' | 'projects.reveal'> {
  return {
    'projects.list': (input) => projects.list(input.timeZone),
    'projects.allow': async (input) => {
      const { directory, profile, shadowedBy } = await projects.allow(input.directory, input.sha256)
      return { directory, profile, shadowedBy }
    },
    'projects.reveal': async (input) => {
      await projects.reveal(input.directory)
      return { revealed: true as const }
    },
  }
}
