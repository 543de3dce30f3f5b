import { type FormEvent, useId, useState } from 'react'
import type { ProjectSummary, ProjectsOverview } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { boundMessage } from '../../binding-message'
import { ErrorMessage } from '../../components/ErrorMessage'
import { StatTile } from '../../components/States'
import { formatDateTime } from '../../dates'
import { useAppStore } from '../../stores/app-store'
import { useProfilesStore } from '../../stores/profiles-store'
import { useProjectsStore } from '../../stores/projects-store'
import { useRouteStore } from '../../stores/route-store'
import { showMoney } from '../../money'
import { fileStateText, projectionText, servedToText } from './project-text'
import { SelectOptions } from '../../components/SelectOptions'
import { StatusNote } from '../../components/StatusNote'

type Project = ProjectsOverview['projects'][number]

/** One project's page: its profile and why, spend, last key served, and the actions on it. */
export function ProjectPage({ project, overview }: { project: Project; overview: ProjectsOverview }) {
  const { currency } = overview
  const [error, setError] = useState<WireError | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const done = (message: string) => (failure: WireError | null) => {
    setError(failure)
    setNotice(failure ? null : message)
  }
  const { spend, lastServed } = project
  return (
    <article className="project-page" aria-labelledby="project-directory">
      <p>
        <a href="#/projects">← All projects</a>
      </p>
      <h2 id="project-directory" className="project-directory">
        <code>{project.directory}</code>
      </h2>
      <p data-testid="project-profile">
        Gets profile <strong>{project.profile}</strong>{' '}
        {project.source === 'binding'
          ? `(bound ${formatDateTime(project.binding!.createdAt)})`
          : project.source === 'parent-binding'
            ? `(from the binding of ${project.decidedBy}, which wins over this directory's .keyward.json)`
            : `(its .keyward.json, allowed ${formatDateTime(project.allowed!.allowedAt)})`}
        {!project.exists && ' · the directory is gone; you can still unbind it'}
      </p>
      <div className="stats">
        <StatTile label="Today" value={showMoney(spend.today, currency)} />
        <StatTile label="Month to date" value={showMoney(spend.monthToDate, currency)} />
        <StatTile label="Projected month end" value={projectionText(spend, currency)} hint="This month’s pace and the last 7 days’, rounded outward" />
        {spend.shared && (
          <StatTile
            label="Shared keys, month to date"
            value={showMoney(spend.shared.monthToDate, currency)}
            hint={`Shared with ${spend.shared.withProjects.length} other project(s); counted in none`}
          />
        )}
      </div>
      {spend.shared && (
        <p className="hint" data-testid="project-shared">
          Its profile’s key also serves: {spend.shared.withProjects.join(', ')}. That spend is shown once, as shared, never added to a project.
        </p>
      )}
      <h3>Last key served</h3>
      <p data-testid="project-last-served">
        {lastServed
          ? `${formatDateTime(lastServed.at)}: profile ${lastServed.profile} to ${servedToText(lastServed)}${lastServed.directory !== project.directory ? ` in ${lastServed.directory}` : ''}`
          : 'No key has been served here (in the audit log Keyward keeps).'}
      </p>
      {project.projectFile && <ProjectFileSection project={project} onDone={done} />}
      <RebindSection project={project} onDone={done} />
      <RevealSection directory={project.directory} onDone={done} />
      {error && <ErrorMessage error={error} />}
      <StatusNote>{notice}</StatusNote>
    </article>
  )
}

type OnDone = (message: string) => (failure: WireError | null) => void

/** The `.keyward.json` as it is now, and Allow when it is pending or changed. */
function ProjectFileSection({ project, onDone }: { project: ProjectSummary; onDone: OnDone }) {
  const allow = useProjectsStore((s) => s.allow)
  const file = project.projectFile!
  const canAllow = (file.state === 'changed' || file.state === 'pending') && file.sha256 !== null
  return (
    <section aria-labelledby="project-file-title">
      <h3 id="project-file-title">Project file</h3>
      <p>
        <code>{file.path}</code>
      </p>
      <p data-testid="project-file-state" data-state={file.state}>
        {fileStateText(file)}
      </p>
      {canAllow && (
        <button type="button" className="primary" onClick={() => void allow(project.directory, file.sha256!).then(onDone(`Allowed ${file.path}.`))}>
          Allow profile {file.profile}
        </button>
      )}
    </section>
  )
}

/** Pick another profile for the directory, or remove its binding. */
function RebindSection({ project, onDone }: { project: ProjectSummary; onDone: OnDone }) {
  const { rebind, unbind } = useProjectsStore()
  const navigate = useRouteStore((s) => s.navigate)
  const profiles = useProfilesStore((s) => s.profiles).filter((p) => p.kind === 'api')
  const id = useId()
  const others = profiles.filter((p) => p.name !== project.profile)
  const [chosen, setChosen] = useState('')
  const selected = chosen || others[0]?.name || ''
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void rebind(project.directory, selected).then((r) => onDone(r.error ? '' : boundMessage(r.directory, selected, r.replaced))(r.error))
  }
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Binding</h3>
      <form className="bind-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={id}>{project.binding ? 'Rebind to' : 'Bind to'}</label>
          <select id={id} value={selected} onChange={(e) => setChosen(e.target.value)} disabled={others.length === 0}>
            <SelectOptions items={others} value={(p) => p.name} />
          </select>
        </div>
        <button type="submit" disabled={others.length === 0 || !project.exists}>
          {project.binding ? 'Rebind' : 'Bind'}
        </button>
        {project.binding && (
          <button
            type="button"
            className="danger"
            onClick={() =>
              void unbind(project.directory).then((failure) => {
                onDone(`Unbound ${project.directory}.`)(failure)
                if (!failure && !project.allowed) navigate('projects')
              })
            }
          >
            Unbind
          </button>
        )}
      </form>
    </section>
  )
}

/** Reveal in the file manager in the desktop app; the browser UI cannot, so it shows the path to copy. */
function RevealSection({ directory, onDone }: { directory: string; onDone: OnDone }) {
  const host = useAppStore((s) => s.info?.host)
  const reveal = useProjectsStore((s) => s.reveal)
  const id = useId()
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Location</h3>
      {host === 'electron' ? (
        <button type="button" onClick={() => void reveal(directory).then(onDone('Opened the file manager.'))}>
          Reveal in file manager
        </button>
      ) : (
        <div className="reveal-path">
          <label htmlFor={id}>Revealing in the file manager needs the desktop app; copy the path:</label>
          <input id={id} readOnly value={directory} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        </div>
      )}
    </section>
  )
}
