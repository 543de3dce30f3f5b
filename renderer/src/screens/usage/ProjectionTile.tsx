import type { UsageProjection } from '../../../../shared/contract'
import { StatTile } from '../../components/States'
import { showProjection } from './projection-text'

/** The dashboard's month-end tile: the projected range, and how it is made in a tooltip on a help button. */
export function ProjectionTile({ projection, currency }: { projection: UsageProjection | null; currency: string }) {
  const total = projection?.total
  const label = (
    <>
      Month end, projected{' '}
      <span className="tip">
        <button type="button" className="tip-button" aria-label="How the month end is projected" aria-describedby="projection-method">
          ?
        </button>
        <span role="tooltip" id="projection-method" className="tip-text">
          {projection?.method ?? 'Month-to-date spend plus the rest of the month at the month’s own pace and at the last 7 days’ daily rate.'}
        </span>
      </span>
    </>
  )
  return (
    <StatTile
      label={label}
      value={projection ? showProjection(total, currency) : '—'}
      hint={!projection ? '' : total?.projection ? 'A pace, not a forecast' : 'Too early in the month to say'}
      testId="usage-projection"
      data={{ 'data-low': total?.projection?.shownLow ?? '', 'data-high': total?.projection?.shownHigh ?? '' }}
    />
  )
}
