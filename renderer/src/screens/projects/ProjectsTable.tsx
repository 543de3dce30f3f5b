import type { ProjectsOverview } from '../../../../shared/contract'
import { TableHead } from '../../components/TableHead'
import { formatDateTime } from '../../format'
import { showMoney } from '../../money'
import { projectHref, projectionText, servedToText } from './project-text'

/** Every project in one table: profile, spend today / month / projection, and the last key served. */
export function ProjectsTable({ overview }: { overview: ProjectsOverview }) {
  const { currency } = overview
  return (
    <>
      <p className="hint">
        Spend in {overview.timeZone}, from the usage cache ({overview.lastSyncedAt ? `synced ${formatDateTime(overview.lastSyncedAt)}` : 'never synced'}). Keys shared by several projects
        are shown apart and counted in none of them.
      </p>
      <table className="projects-table" aria-labelledby="projects-title">
        <TableHead
          columns={[
            'Project',
            { label: 'Today', className: 'num' },
            { label: 'Month to date', className: 'num' },
            { label: 'Projected', className: 'num' },
            'Last key served',
          ]}
        />
        <tbody>
          {overview.projects.map((p) => (
            <tr key={p.directory} data-testid="project-row">
              <th scope="row">
                <a className="project-link" href={projectHref(p.directory)}>
                  {p.directory}
                </a>
                <div className="muted">
                  {p.profile} · {p.source === 'binding' ? 'bound' : p.source === 'parent-binding' ? 'bound parent' : 'project file'}
                  {!p.exists && ' · directory gone'}
                  {p.projectFile && (p.projectFile.state === 'changed' || p.projectFile.state === 'pending') && ' · file needs review'}
                </div>
              </th>
              <td className="num">{showMoney(p.spend.today, currency)}</td>
              <td className="num" data-testid="project-mtd" data-amount={p.spend.monthToDate}>
                {showMoney(p.spend.monthToDate, currency)}
                {p.spend.shared && <div className="muted">+ {showMoney(p.spend.shared.monthToDate, currency)} shared</div>}
              </td>
              <td className="num">{projectionText(p.spend, currency)}</td>
              <td>
                {p.lastServed ? (
                  <>
                    {formatDateTime(p.lastServed.at)}
                    <div className="muted">{servedToText(p.lastServed)}</div>
                  </>
                ) : (
                  <span className="muted">Never</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
