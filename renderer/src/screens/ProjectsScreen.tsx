import { useEffect } from 'react'
import { ErrorMessage } from '../components/ErrorMessage'
import { ClaudeCodeEstimates } from '../components/ClaudeCodeEstimates'
import { EmptyState, LoadingState, ScreenHeader } from '../components/States'
import { useProfilesStore } from '../stores/profiles-store'
import { useProjectsStore } from '../stores/projects-store'
import { useRouteStore } from '../stores/route-store'
import { ProjectPage } from './projects/ProjectPage'
import { ProjectsTable } from './projects/ProjectsTable'
import './projects/projects.css'

/** The Projects screen: every project (`#/projects`) or one project's page (`#/projects/<url-encoded dir>`). */
export function ProjectsScreen() {
  const directory = useRouteStore((s) => s.route.rest[0])
  const { overview, error, loading, load } = useProjectsStore()
  const loadProfiles = useProfilesStore((s) => s.load)
  useEffect(() => {
    void load()
    void loadProfiles()
  }, [load, loadProfiles])
  const project = directory === undefined ? undefined : overview?.projects.find((p) => p.directory === directory)
  return (
    <section aria-labelledby="projects-title">
      <ScreenHeader id="projects-title" title="Projects">
        <button type="button" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
      </ScreenHeader>
      {error && <ErrorMessage error={error} onRetry={() => void load()} />}
      {!overview && loading && <LoadingState label="Loading projects…" />}
      {overview && directory !== undefined && project && <ProjectPage project={project} overview={overview} />}
      {overview && directory !== undefined && !project && (
        <EmptyState title="This directory is not a project" testId="project-unknown" action={<a href="#/projects">← All projects</a>}>
          <p>
            <code>{directory}</code> is neither bound to a profile nor an allowed <code>.keyward.json</code>. Bind it on the Profiles screen, or run <code>keyward use PROFILE --dir DIR</code>.
          </p>
        </EmptyState>
      )}
      {overview && directory === undefined && overview.projects.length === 0 && (
        <EmptyState title="No projects yet" testId="projects-empty" action={<a href="#/profiles">Bind a directory on the Profiles screen</a>}>
          <p>
            A project is a directory bound to a profile, or one whose <code>.keyward.json</code> you allowed (<code>keyward allow --dir DIR</code>).
          </p>
        </EmptyState>
      )}
      {overview && directory === undefined && overview.projects.length > 0 && <ProjectsTable overview={overview} />}
      {directory === undefined && <ClaudeCodeEstimates by="project" />}
    </section>
  )
}
