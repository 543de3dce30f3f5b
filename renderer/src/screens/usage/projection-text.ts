import type { GroupProjection } from '../../../../shared/contract'
import { fromAmount } from '../../../../shared/money'
import { formatProjectedRange } from '../../../../shared/projection'
import { currentLocale } from '../../format'

/** A group's projected month end as the dashboard shows it: a range, or a dash when it is too early to say. */
export function showProjection(g: GroupProjection | undefined, currency: string): string {
  if (!g?.projection) return '—'
  return formatProjectedRange(fromAmount(g.projection.shownLow), fromAmount(g.projection.shownHigh), { currency, locale: currentLocale() })
}
