import { parseLocalDate } from './calendar'
import { formatMoney, fromAmount } from './money'

/** A budget's or limit's period as a noun: "day", "week", "month" (the API's "monthly" too). */
export function periodNoun(period: string): string {
  return { day: 'day', daily: 'day', week: 'week', weekly: 'week', month: 'month', monthly: 'month' }[period] ?? period
}

/** A limit with its period, the one way the CLI and the UI say it: "$7,000.00 per month". */
export function limitPerPeriod(amount: string, period: string, options: { locale?: string | undefined; currency?: string | undefined } = {}): string {
  return `${formatMoney(fromAmount(amount), options)} per ${periodNoun(period)}`
}

/** The period a budget is in, as people name it: a month budget's is the month ("December 2026"), a day budget's the day. */
export function budgetPeriodName(period: 'day' | 'month', periodStart: string, locale?: string): string {
  const { year, month, day } = parseLocalDate(periodStart)
  const at = Date.UTC(year, month - 1, day)
  const format = period === 'month' ? { month: 'long', year: 'numeric' } : { dateStyle: 'medium' }
  return new Intl.DateTimeFormat(locale, { ...(format as Intl.DateTimeFormatOptions), timeZone: 'UTC' }).format(at)
}
