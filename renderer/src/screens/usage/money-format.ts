import { fromAmount, formatMoney } from '../../../../shared/money'
import { currentLocale } from '../../format'

/** An exact amount string shown in the user's locale; rounding happens once, here, in bigint. */
export function showMoney(amount: string, currency: string): string {
  return formatMoney(fromAmount(amount), { currency, locale: currentLocale() })
}
