import type { ProjectFileState, ProjectLastServed, ProjectSpend } from '../../../../shared/contract'
import { showProjection } from '../usage/projection-text'

/** The link to one project's page: the directory is one URL-encoded segment. */
export function projectHref(directory: string): string {
  return `#/projects/${encodeURIComponent(directory)}`
}

/** The month-end projection as shown (a range, as on the dashboard), or why there is none. */
export function projectionText(spend: ProjectSpend, currency: string): string {
  return spend.projected === null ? 'Too early to project' : showProjection({ id: '', label: '', kind: 'group', monthToDate: spend.monthToDate, projection: spend.projected }, currency)
}

/** Who a key was served to: the claimed tool and, when the key socket recorded it, the real executable. */
export function servedToText(served: ProjectLastServed): string {
  const real = served.executable ? `${served.executable}${served.pid !== null ? ` (pid ${served.pid})` : ''}` : null
  if (served.agent && real) return `${served.agent} (claimed) · ${real}`
  return served.agent ? `${served.agent} (claimed)` : (real ?? 'an unnamed tool')
}

/** What a project file's state means, in a sentence. */
export function fileStateText(file: ProjectFileState): string {
  switch (file.state) {
    case 'allowed':
      return `Allowed: proposes profile ${file.profile}.`
    case 'changed':
      return `Changed since you allowed it: now proposes profile ${file.profile}. Keys are refused here until you review and allow it again.`
    case 'pending':
      return `Proposes profile ${file.profile} and has not been allowed.`
    case 'missing':
      return 'The allowed file is gone.'
    case 'ignored':
      return `Ignored: ${file.reason}.`
    case 'invalid':
      return `Not a valid project file: ${file.reason}`
  }
}
