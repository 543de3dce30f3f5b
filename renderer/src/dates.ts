/**
 * Every date the renderer shows, one style per kind, in the user's locale: a day ("Dec 6, 2026"),
 * a moment ("Dec 6, 2026, 4:08 PM") and a month ("December 2026"). Days and moments are in the
 * user's time zone unless `timeZone` is given; a calendar day key ("2026-12-06") is that day as
 * written, never shifted by a time zone. Formatters are cached per locale and options.
 */
import { currentLocale } from './format'

const cache = new Map<string, Intl.DateTimeFormat>()

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`
  let f = cache.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options)
    cache.set(key, f)
  }
  return f
}

const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/

function format(iso: string, locale: string, options: Intl.DateTimeFormatOptions, timeZone?: string): string {
  // A bare calendar day is that day everywhere: read and written in UTC so no time zone moves it.
  const zone = DAY_KEY.test(iso) ? 'UTC' : timeZone
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : dateFormat(locale, { ...options, ...(zone && { timeZone: zone }) }).format(d)
}

/** A day, e.g. "Jun 1, 2025", from an ISO time or a calendar day key ("2025-06-01"). */
export function formatDate(iso: string, locale = currentLocale(), timeZone?: string): string {
  return format(iso, locale, { dateStyle: 'medium' }, timeZone)
}

/** A day that may be missing: the day, or a dash. */
export function formatOptionalDate(iso: string | null | undefined, locale = currentLocale()): string {
  return iso ? formatDate(iso, locale) : '—'
}

/** A moment, e.g. "Jun 1, 2025, 10:00 AM". */
export function formatDateTime(iso: string, locale = currentLocale(), timeZone?: string): string {
  return format(iso, locale, { dateStyle: 'medium', timeStyle: 'short' }, timeZone)
}

/** A month, e.g. "June 2025", from a month key ("2025-06") or any day in it. */
export function formatMonth(monthOrIso: string, locale = currentLocale()): string {
  const iso = /^\d{4}-\d{2}$/.test(monthOrIso) ? `${monthOrIso}-01` : monthOrIso
  return format(iso, locale, { month: 'long', year: 'numeric' })
}

/** A span of days, e.g. "Nov 7 – Dec 6, 2026", as the locale writes a range. */
export function formatDateRange(fromIso: string, toIso: string, locale = currentLocale()): string {
  const [from, to] = [new Date(fromIso), new Date(toIso)]
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return `${fromIso} – ${toIso}`
  return dateFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).formatRange(from, to)
}

/** How long ago (or until) a moment is, in the largest sensible unit: "5 minutes ago", "in 2 days". */
export function formatRelative(iso: string, now: Date = new Date(), locale = currentLocale()): string {
  const seconds = Math.round((Date.parse(iso) - now.getTime()) / 1000)
  if (Number.isNaN(seconds)) return iso
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ]
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit)
  return rtf.format(seconds, 'second')
}
