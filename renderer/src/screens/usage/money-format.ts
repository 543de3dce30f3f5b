import { fromAmount, formatMoney, parseCents } from '../../../../shared/money'
import { currentLocale } from '../../format'

/** An exact amount string shown in the user's locale; rounding happens once, here, in bigint. */
export function showMoney(amount: string, currency: string): string {
  return formatMoney(fromAmount(amount), { currency, locale: currentLocale() })
}

/** An amount the Admin API gives in minor units (cents, fractions allowed: "11420.823") in the user's locale; null reads "no limit". */
export function showCents(cents: string | null, currency: string): string {
  return cents === null ? 'no limit' : formatMoney(parseCents(cents), { currency, locale: currentLocale() })
}
