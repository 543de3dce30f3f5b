import type { ProjectsOverview } from '../../../../shared/contract'
import type { Column } from '../../components/columns'
import { DataTable } from '../../components/DataTable'
import { formatDateTime } from '../../dates'
import { showMoney } from '../../money'
import { projectHref, projectionText, servedToText } from './project-text'

/** One project of the overview, with its spend. */
type ProjectRow = ProjectsOverview['projects'][number]

/** A project's directory (naming the row) with its profile and source, its spend today, this month and projected, and the last key served. */
function projectColumns(currency: string): readonly Column<ProjectRow>[] {
  return [
    {
      key: 'project',
      header: 'Project',
      rowHeader: true,
      cell: (p) => (
        <>
          <a className="project-link" href={projectHref(p.directory)}>
            {p.directory}
          </a>
          <div className="muted">
            {p.profile} · {p.source === 'binding' ? 'bound' : p.source === 'parent-binding' ? 'bound parent' : 'project file'}
            {!p.exists && ' · directory gone'}
            {p.projectFile && (p.projectFile.state === 'changed' || p.projectFile.state === 'pending') && ' · file needs review'}
          </div>
        </>
      ),
    },
    { key: 'today', header: 'Today', align: 'end', cell: (p) => showMoney(p.spend.today, currency) },
    {
      key: 'month',
      header: 'Month to date',
      align: 'end',
      cell: (p) => (
        <>
          {showMoney(p.spend.monthToDate, currency)}
          {p.spend.shared && <div className="muted">+ {showMoney(p.spend.shared.monthToDate, currency)} shared</div>}
        </>
      ),
      cellProps: (p) => ({ 'data-testid': 'project-mtd', 'data-amount': p.spend.monthToDate }),
    },
    { key: 'projected', header: 'Projected', align: 'end', cell: (p) => projectionText(p.spend, currency) },
    {
      key: 'served',
      header: 'Last key served',
      cell: (p) =>
        p.lastServed ? (
          <>
            {formatDateTime(p.lastServed.at)}
            <div className="muted">{servedToText(p.lastServed)}</div>
          </>
        ) : (
          <span className="muted">Never</span>
        ),
    },
  ]
}

/** Every project in one table: profile, spend today / month / projection, and the last key served. */
export function ProjectsTable({ overview }: { overview: ProjectsOverview }) {
  const { currency } = overview
  return (
    <>
      <p className="hint">
        Spend in {overview.timeZone}, from the usage cache ({overview.lastSyncedAt ? `synced ${formatDateTime(overview.lastSyncedAt)}` : 'never synced'}). Keys shared by several projects are shown
        apart and counted in none of them.
      </p>
      <DataTable
        className="projects-table"
        aria-labelledby="projects-title"
        columns={projectColumns(currency)}
        rows={overview.projects}
        rowKey={(p) => p.directory}
        rowProps={() => ({ 'data-testid': 'project-row' })}
      />
    </>
  )
}
