/** Starts a core message with a capital letter, so it reads as a sentence on screen. */
export function sentence(text: string): string {
  return text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text
}

/** Age in whole days from an ISO time, for "created 12 d ago". */
export function ageDays(iso: string, now: number = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 86_400_000))
}

/** An ISO time as a short local date. */
export function shortDate(iso: string | null): string {
  return iso ? new Date(iso).toLocaleDateString() : '—'
}

/** Minor units (cents, as a decimal string) as dollars with two decimals, exact: no floating point. */
export function centsToDollars(cents: string | null, currency = 'USD'): string {
  if (cents === null) return 'no limit'
  const padded = cents.padStart(3, '0')
  const whole = padded.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${currency === 'USD' ? '$' : `${currency} `}${whole}.${padded.slice(-2)}`
}

/** A role id (`workspace_developer`) as words. */
export function roleLabel(role: string): string {
  return role.replace(/^workspace_/, '').replace(/_/g, ' ')
}

/** "500", "500.5" or "1,500.25" dollars as exact cents ("150025"); null when it is not an amount. */
export function dollarsToCents(text: string): string | null {
  const match = /^\s*\$?\s*([0-9][0-9,]*)(?:\.([0-9]{1,2}))?\s*$/.exec(text)
  if (!match) return null
  const whole = match[1]!.replace(/,/g, '').replace(/^0+(?=\d)/, '')
  const cents = (match[2] ?? '').padEnd(2, '0')
  return `${whole}${cents}`.replace(/^0+(?=\d)/, '')
}
