/**
 * Locale-aware formatting for every number the renderer shows (dates are in dates.ts). Formatters are cached per
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

/** Starts a core message with a capital letter, so it reads as a sentence on screen. */
export function sentence(text: string): string {
  return text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text
}
