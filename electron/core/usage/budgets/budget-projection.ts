import type { RangeProjection } from '../../../../shared/projection'

/**
 * Whether a month budget should warn that it is on track to be exceeded: the spend is still under
 * the limit (the 100 % threshold speaks once it is not) and even the slower pace of the projection
 * ends the month over it. Answers the shown (rounded-outward) range and by how much the slower
 * pace exceeds the limit, or null.
 */
export function projectionWarning(monthToDate: bigint, limit: bigint, projection: RangeProjection): { low: bigint; high: bigint; over: bigint } | null {
  if (projection.kind !== 'projected' || monthToDate >= limit || projection.low <= limit) return null
  return { low: projection.shownLow, high: projection.shownHigh, over: projection.low - limit }
}
