import { type EstimatesStore, type MonthEstimates, emptyMonth, monthsBetween, previousMonth, withSession } from './estimates'

/** The store in memory, by the same rules as the file store (tests, and the app's twin of the data directory). */
export function memoryEstimatesStore(initial: MonthEstimates[] = []): EstimatesStore & { readonly byMonth: Map<string, MonthEstimates> } {
  const byMonth = new Map(initial.map((m) => [m.month, m]))
  return {
    byMonth,
    async record(estimate) {
      let month = estimate.day.slice(0, 7)
      let day = estimate.day
      const has = (m: string) => byMonth.get(m)?.sessions.some((s) => s.sessionId === estimate.sessionId) ?? false
      if (!has(month) && has(previousMonth(month))) {
        month = previousMonth(month)
        day = `${month}-01`
      }
      const next = withSession(byMonth.get(month) ?? emptyMonth(month), { ...estimate, day })
      if (next === null) return 'unchanged'
      byMonth.set(month, next)
      return 'recorded'
    },
    async months(fromMonth, toMonth) {
      return monthsBetween(fromMonth, toMonth).flatMap((m) => {
        const month = byMonth.get(m)
        return month && (month.sessions.length > 0 || month.folded.length > 0) ? [month] : []
      })
    },
  }
}
