/**
 * The renderer's money helpers, all through the one money module in shared/: amounts shown in the
 * user's locale, and cents as the figure an input starts from. Typed amounts are read by
 * `parseTypedDollars` in shared/money.
 */

import { formatMoney, fromAmount, parseCents } from '../../shared/money'
import { currentLocale } from './format'

/** An exact amount string shown in the user's locale; rounding happens once, here, in bigint. */
export function showMoney(amount: string, currency: string): string {
  return formatMoney(fromAmount(amount), { currency, locale: currentLocale() })
}

/** An amount the Admin API gives in minor units (cents, fractions allowed: "11420.823") in the user's locale; null reads "no limit". */
export function showCents(cents: string | null, currency: string): string {
  return cents === null ? 'no limit' : formatMoney(parseCents(cents), { currency, locale: currentLocale() })
}

/** Cents (a decimal string) as money in the user's locale, through the one money module. */
export const centsLabel = (cents: string): string => formatMoney(parseCents(cents))

/** Cents as the plain dollar figure an input starts with ("100000" → "1000.00"). */
export const centsToTyped = (cents: string): string => `${cents.slice(0, -2) || '0'}.${cents.padStart(2, '0').slice(-2)}`
