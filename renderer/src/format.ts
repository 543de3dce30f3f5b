/**
 * Locale-aware formatting for every number the renderer shows. Formatters are cached per
 * locale and options because building an Intl formatter is far slower than using one.
 */
const cache = new Map<string, Intl.NumberFormat>()

/** The user's locale: the browser's (Electron passes the OS locale through). */
export function currentLocale(): string {
  return typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en-US'
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`
  let f = cache.get(key)
  if (!f) {
    f = new Intl.NumberFormat(locale, options)
    cache.set(key, f)
  }
  return f
}

/** A count with grouping: 1,234,567. */
export function formatNumber(value: number | bigint, locale = currentLocale()): string {
  return numberFormat(locale, { maximumFractionDigits: 2 }).format(value)
}

/** Token counts, compact: 1.2M, 35K. */
export function formatTokens(value: number, locale = currentLocale()): string {
  return numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value)
}

/** A ratio (0.8) as a percentage (80%). */
export function formatPercent(ratio: number, locale = currentLocale()): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(ratio)
}

/** A date (ISO string) as the locale writes it, e.g. "Jun 1, 2025"; in the user's time zone unless `timeZone` is given. */
export function formatDate(iso: string, locale = currentLocale(), timeZone?: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(timeZone && { timeZone }) }).format(d)
}

/** A date and time, e.g. "Jun 1, 2025, 10:00 AM"; in the user's time zone unless `timeZone` is given. */
export function formatDateTime(iso: string, locale = currentLocale(), timeZone?: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone && { timeZone }) }).format(d)
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

/** Starts a core message with a capital letter, so it reads as a sentence on screen. */
export function sentence(text: string): string {
  return text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text
}
