import { DAY_MS, HOUR_MS, addDays, utcDateOf } from '../../../../shared/calendar'

/** Days of Claude Code history the cache keeps, today included: the same 90 days as the usage cache. */
export const CLAUDE_CODE_HISTORY_DAYS = 90

/**
 * The last month stays open (its figures can still change) through this day of the next month:
 * usage on October 1 may change until about November 7, so October is open through November 8.
 */
export const OPEN_THROUGH_DAY_OF_MONTH = 8

/** An open day is fetched again once its last fetch is this old: at least once a day. */
export const OPEN_DAY_STALE_MS = 24 * HOUR_MS

/** The report has up to about an hour's delay: a day fetched before its end plus this is incomplete. */
export const REPORT_DELAY_MS = HOUR_MS

/** An incomplete day (today, or fetched too soon after it ended) is fetched again once its fetch is this old. */
export const INCOMPLETE_DAY_STALE_MS = HOUR_MS

/** When the day's month closes: 00:00 UTC on the day after OPEN_THROUGH_DAY_OF_MONTH of the next month. */
export function closesAt(day: string): number {
  const [y, m] = day.split('-').map(Number) as [number, number]
  return Date.UTC(y, m, OPEN_THROUGH_DAY_OF_MONTH + 1)
}

/**
 * The UTC days a sync fetches, newest first, following the usage cache's open-period rule:
 * a day never fetched is fetched; a day whose fetch came before the day ended (plus the report's
 * delay) is fetched again after INCOMPLETE_DAY_STALE_MS; a day in an open month (this month, and
 * last month through the 8th) again after OPEN_DAY_STALE_MS; a closed day once more if its last
 * fetch came before its month closed, and then never again.
 */
export function planClaudeCodeDays(fetched: ReadonlyMap<string, string>, nowMs: number, historyDays = CLAUDE_CODE_HISTORY_DAYS): string[] {
  const today = utcDateOf(nowMs)
  const out: string[] = []
  for (let i = 0; i < historyDays; i++) {
    const day = addDays(today, -i)
    const last = fetched.get(day)
    if (last === undefined) {
      out.push(day)
      continue
    }
    const lastMs = Date.parse(last)
    const age = nowMs - lastMs
    const complete = lastMs >= Date.parse(`${day}T00:00:00Z`) + DAY_MS + REPORT_DELAY_MS
    const close = closesAt(day)
    if (!complete && age >= INCOMPLETE_DAY_STALE_MS) out.push(day)
    else if (nowMs < close && age >= OPEN_DAY_STALE_MS) out.push(day)
    else if (nowMs >= close && lastMs < close) out.push(day)
  }
  return out
}

/** The first day the cache keeps at `nowMs`. */
export function firstKeptDay(nowMs: number, historyDays = CLAUDE_CODE_HISTORY_DAYS): string {
  return addDays(utcDateOf(nowMs), -(historyDays - 1))
}
