import type { UsageProjection } from '../../../../shared/contract'
import { showProjection } from './projection-text'

/** The dashboard's month-end tile: the projected range, and how it is made in a tooltip on a help button. */
export function ProjectionTile({ projection, currency }: { projection: UsageProjection | null; currency: string }) {
  const total = projection?.total
  return (
    <div className="stat stat-neutral" data-testid="usage-projection" data-low={total?.projection?.shownLow ?? ''} data-high={total?.projection?.shownHigh ?? ''}>
      <div className="stat-label">
        Month end, projected{' '}
        <span className="tip">
          <button type="button" className="tip-button" aria-label="How the month end is projected" aria-describedby="projection-method">
            ?
          </button>
          <span role="tooltip" id="projection-method" className="tip-text">
            {projection?.method ?? 'Month-to-date spend plus the rest of the month at the month’s own pace and at the last 7 days’ daily rate.'}
          </span>
        </span>
      </div>
      <div className="stat-value">{projection ? showProjection(total, currency) : '—'}</div>
      <div className="stat-hint">{!projection ? '' : total?.projection ? 'A pace, not a forecast' : 'Too early in the month to say'}</div>
    </div>
  )
}
