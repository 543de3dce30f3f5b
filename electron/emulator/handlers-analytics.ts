/** Routes for the analytics `usage` and `cost` reports. */
import { reportPage } from './report'
import { parseReportQuery, type ReportKind } from './report-query'
import { requireBeta } from './request-helpers'
import { route, type EmulatorRequest, type Route } from './route-table'

/** The beta flag the SDK sends with `analytics.usage.list` and `analytics.cost.list`. */
export const ANALYTICS_BETA = 'analytics-usage-cost-2026-08-24'

const report = (kind: ReportKind) => (req: EmulatorRequest) => {
  requireBeta(req, ANALYTICS_BETA)
  const nowMs = req.ctx.now().getTime()
  const query = parseReportQuery(kind, req.query, nowMs)
  return reportPage(query, { state: req.ctx.state, generator: req.ctx.generator, keylessGenerator: req.ctx.keylessGenerator, nowMs, limits: req.ctx.reportLimits }, req.ctx.reportCache)
}

/** `GET /v1/organizations/analytics/usage` and `GET /v1/organizations/analytics/cost`. */
export const analyticsRoutes: Route[] = [route('GET', '/v1/organizations/analytics/usage', report('usage')), route('GET', '/v1/organizations/analytics/cost', report('cost'))]
