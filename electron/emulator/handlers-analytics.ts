/** Routes for the analytics `usage` and `cost` reports. */
import { reportPage } from './report'
import { parseReportQuery, type ReportKind } from './report-query'
import { requireBeta } from './request-helpers'
import { decodeReportCursor, encodeReportCursor } from './report-cursor'
import { currentAsOf, route, type EmulatorRequest, type Route } from './route-table'

/** The beta flag the SDK sends with `analytics.usage.list` and `analytics.cost.list`. */
export const ANALYTICS_BETA = 'analytics-usage-cost-2026-08-24'

/**
 * A report page. The first page is served as of the latest refresh; a cursor carries its walk's
 * refresh, so every page of one walk reads the same snapshot (and the same `data_refreshed_at`).
 */
const report = (kind: ReportKind) => (req: EmulatorRequest) => {
  requireBeta(req, ANALYTICS_BETA)
  const { ctx } = req
  const nowMs = ctx.now().getTime()
  const query = parseReportQuery(kind, req.query, nowMs)
  const cursor = query.page ? decodeReportCursor(query.page, query.signature, nowMs, ctx.cursors) : null
  const asOf = cursor ? ctx.refreshes.asOf(cursor.refresh) : currentAsOf(ctx)
  const reportCtx = { state: ctx.state, generator: ctx.generator, keylessGenerator: ctx.keylessGenerator, asOf, limits: ctx.reportLimits }
  return reportPage(query, reportCtx, ctx.reportCache, {
    offset: cursor?.offset ?? 0,
    nextCursor: (offset) => encodeReportCursor({ offset, refresh: asOf.refresh, issuedMs: nowMs }, query.signature),
  })
}

/** `GET /v1/organizations/analytics/usage` and `GET /v1/organizations/analytics/cost`. */
export const analyticsRoutes: Route[] = [route('GET', '/v1/organizations/analytics/usage', report('usage')), route('GET', '/v1/organizations/analytics/cost', report('cost'))]
