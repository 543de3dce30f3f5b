/**
 * Exact money. The Admin API reports amounts as decimal strings in minor units (cents for USD),
 * with fractions of a cent. Keyward holds every amount as a bigint count of micro-cents (1e-6 of
 * a cent) and never touches a float; display rounds once, at the end, in the user's locale.
 */

/** Micro-cents in one cent. */
export const MICRO_PER_CENT = 1_000_000n
/** Micro-cents in one major unit (a dollar): 100 cents. */
export const MICRO_PER_UNIT = 100n * MICRO_PER_CENT
/** Decimal places of a cent that Keyward keeps exactly. */
export const CENT_DECIMALS = 6

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/

function parseScaled(text: string, scaleDigits: number, what: string): bigint {
  const match = DECIMAL.exec(text.trim())
  if (!match) throw new RangeError(`${what} ${JSON.stringify(text.slice(0, 40))} is not a decimal number.`)
  const [, sign, whole = '0', fraction = ''] = match
  const kept = fraction.slice(0, scaleDigits)
  if (/[^0]/.test(fraction.slice(scaleDigits))) {
    throw new RangeError(`${what} ${JSON.stringify(text.slice(0, 40))} has more precision than Keyward keeps (${scaleDigits} decimal places).`)
  }
  const value = BigInt(whole) * 10n ** BigInt(scaleDigits) + BigInt(kept.padEnd(scaleDigits, '0') || '0')
  return sign === '-' ? -value : value
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** `value` (an integer: a bigint, or a number that is a safe integer) with its last `scaleDigits` digits as the fraction. */
function formatScaled(value: bigint | number, scaleDigits: number): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`an amount must be a whole number of micro-cents below 2^53 as a number, not ${value}`)
  if (value === 0 || value === 0n) return '0'
  const negative = value < 0
  let whole: string
  let fraction: string
  if (typeof value === 'number' || (value >= -SAFE && value <= SAFE)) {
    // The same digits with float arithmetic, exact below 2^53 (remainders and quotients of
    // integers that divide exactly): a screen of figures formats tens of thousands of amounts.
    const n = Math.abs(Number(value))
    const scale = 10 ** scaleDigits
    const rest = n % scale
    whole = String((n - rest) / scale)
    fraction = rest === 0 ? '' : String(rest).padStart(scaleDigits, '0')
  } else {
    const abs = negative ? -value : value
    const scale = 10n ** BigInt(scaleDigits)
    whole = (abs / scale).toString()
    fraction = (abs % scale).toString().padStart(scaleDigits, '0')
  }
  let end = fraction.length
  while (end > 0 && fraction.charCodeAt(end - 1) === 48) end--
  return `${negative ? '-' : ''}${whole}${end > 0 ? `.${fraction.slice(0, end)}` : ''}`
}

/**
 * Most whole cents an amount from the server may have: 15 digits, just under $10 trillion. No
 * org's cost report, spend limit or spend reaches a thousandth of that, and sums of many such
 * amounts still stay exact; a longer digit string is a broken or hostile server, and refusing it
 * keeps a megabyte of digits from being parsed into one bigint and shown as a figure.
 */
export const MAX_CENT_DIGITS = 15

/** Most decimal places of a cent accepted in a server amount (six kept exactly; more only as trailing zeros). */
const MAX_FRACTION_DIGITS = 18

const SERVER_CENTS = new RegExp(`^(\\d{1,${MAX_CENT_DIGITS}})(?:\\.(\\d{1,${MAX_FRACTION_DIGITS}}))?$`)

/** An amount from the server that is not a non-negative decimal count of cents Keyward can hold. */
export class MalformedAmountError extends RangeError {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(`the amount ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)} ${reason}`)
    this.name = 'MalformedAmountError'
  }
}

/**
 * Parses the API's decimal cents string ("123.456789") into micro-cents. Only what the API sends is
 * accepted: digits, optionally a point and more digits; no sign, no spaces, no exponent; at most
 * MAX_CENT_DIGITS whole cents. Negative amounts are malformed: the API reports cost after
 * discounts and before credits, so a cost, a limit or a spend is never below zero. Throws
 * MalformedAmountError, which says what is wrong.
 */
export function parseCents(cents: string): bigint {
  const match = SERVER_CENTS.exec(cents)
  if (!match) throw new MalformedAmountError(cents, amountProblem(cents))
  const [, whole = '0', fraction = ''] = match
  if (/[^0]/.test(fraction.slice(CENT_DECIMALS))) throw new MalformedAmountError(cents, `has more precision than Keyward keeps (${CENT_DECIMALS} decimal places of a cent)`)
  return BigInt(whole) * MICRO_PER_CENT + BigInt(fraction.slice(0, CENT_DECIMALS).padEnd(CENT_DECIMALS, '0'))
}

function amountProblem(text: string): string {
  if (/^-\d/.test(text)) return 'is negative, which no cost, limit or spend is'
  if (/^\d+(\.\d+)?$/.test(text)) {
    return /^\d{16,}/.test(text) ? `has more than ${MAX_CENT_DIGITS} digits of whole cents` : `has more than ${MAX_FRACTION_DIGITS} decimal places`
  }
  return 'is not a decimal number of cents'
}

/** Formats micro-cents as the API's decimal cents string without trailing zeros. */
export function formatCents(micro: bigint): string {
  return formatScaled(micro, CENT_DECIMALS)
}

/**
 * Formats micro-cents as an exact decimal string of major units (dollars): 123456789n → "1.23456789".
 * A number must be a safe integer (sums kept as floats while exact); anything else is a bigint.
 */
export function toAmount(micro: bigint | number): string {
  return formatScaled(micro, CENT_DECIMALS + 2)
}

/** Parses an exact decimal string of major units ("12.50") into micro-cents (budgets are typed in dollars). */
export function fromAmount(amount: string): bigint {
  return parseScaled(amount, CENT_DECIMALS + 2, 'The amount')
}

/** A dollar amount a person typed, read exactly; or, when it is not one, a message that says what to type. */
export type TypedDollars = { readonly ok: true; readonly micro: bigint; readonly cents: string; readonly dollars: string } | { readonly ok: false; readonly message: string }

/** Most digits before the decimal point of a typed amount: the whole cents a server amount may have, less the two of cents. */
const MAX_TYPED_DOLLAR_DIGITS = MAX_CENT_DIGITS - 2

/**
 * Reads a dollar amount a person typed into any input that takes dollars (a spend limit, a budget,
 * a suggested limit): "1500", "1,500", "$1,500.25", " 12.5 ". A leading "$", commas between groups
 * of three digits and up to two decimal places are accepted; nothing else. Returns the amount as
 * micro-cents, as the API's whole-cents string (`cents`) and as exact decimal dollars (`dollars`),
 * or a message that names the problem. Zero is refused unless `allowZero` (a spend limit of $0 is
 * a real cap; a budget of $0 is not).
 */
export function parseTypedDollars(text: string, options: { readonly allowZero?: boolean } = {}): TypedDollars {
  const typed = text.trim()
  const shown = JSON.stringify(typed.length > 40 ? `${typed.slice(0, 40)}…` : typed)
  const plain = typed.replace(/^\$\s*/, '')
  const fail = (message: string): TypedDollars => ({ ok: false, message })
  if (plain === '') return fail('Enter an amount in dollars, such as 1,500 or 1500.25.')
  if (/^-\s*\$?\s*\d/.test(plain)) return fail(`${shown} is negative; enter an amount of ${options.allowZero ? '0 or more' : 'more than 0'} dollars.`)
  const match = /^(\d[\d,]*)(?:\.(\d+))?$/.exec(plain)
  if (!match) return fail(`${shown} is not an amount in dollars; type digits, with an optional $, commas and cents, such as $1,500.25.`)
  const [, grouped = '', fraction = ''] = match
  if (grouped.includes(',') && !/^\d{1,3}(,\d{3})+$/.test(grouped)) return fail(`${shown} has a misplaced comma; commas separate groups of three digits, as in 1,500 (or leave them out: 1500).`)
  if (fraction.length > 2) return fail(`${shown} has more than two decimal places; amounts in dollars go to the cent, as in 12.50.`)
  const whole = grouped.replace(/,/g, '').replace(/^0+(?=\d)/, '')
  if (whole.length > MAX_TYPED_DOLLAR_DIGITS) return fail(`${shown} is too large: at most ${MAX_TYPED_DOLLAR_DIGITS} digits before the decimal point.`)
  const micro = fromAmount(fraction ? `${whole}.${fraction}` : whole)
  if (micro === 0n && !options.allowZero) return fail('Enter an amount above $0.')
  return { ok: true, micro, cents: (micro / MICRO_PER_CENT).toString(), dollars: toAmount(micro) }
}

/** Sums micro-cent amounts exactly. */
export function sumMicro(values: Iterable<bigint>): bigint {
  let total = 0n
  for (const v of values) total += v
  return total
}

/** Rounds micro-cents to `digits` decimal places of the major unit, half away from zero (the display's only rounding). */
export function roundToDigits(micro: bigint, digits: number): string {
  const step = 10n ** BigInt(CENT_DECIMALS + 2 - digits)
  const negative = micro < 0n
  const abs = negative ? -micro : micro
  const rounded = ((abs + step / 2n) / step) * step
  const text = formatScaled(negative && rounded !== 0n ? -rounded : rounded, CENT_DECIMALS + 2)
  const [whole, fraction = ''] = text.split('.')
  return digits > 0 ? `${whole}.${fraction.padEnd(digits, '0')}` : `${whole}`
}

/** Options for `formatMoney`; locale and currency default to the user's and USD. */
export interface MoneyFormat {
  readonly locale?: string | undefined
  readonly currency?: string | undefined
  /** Decimal places to show; default: the currency's own (2 for USD). */
  readonly digits?: number | undefined
}

/**
 * Formats micro-cents for people with Intl.NumberFormat in their locale. The value is rounded
 * here with bigint arithmetic and handed over as a decimal string, so no float ever rounds it.
 */
export function formatMoney(micro: bigint, options: MoneyFormat = {}): string {
  const currency = options.currency ?? 'USD'
  const key = `${options.locale ?? ''}|${currency}|${options.digits ?? ''}`
  let entry = moneyFormatters.get(key)
  if (!entry) {
    const probe = new Intl.NumberFormat(options.locale, { style: 'currency', currency })
    const digits = options.digits ?? probe.resolvedOptions().maximumFractionDigits ?? 2
    entry = { digits, formatter: new Intl.NumberFormat(options.locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }) }
    moneyFormatters.set(key, entry)
  }
  return entry.formatter.format(roundToDigits(micro, entry.digits) as unknown as number)
}

/**
 * Formats micro-cents in US dollars without Intl ("$1,234.56", "-$0.05"): for a short-lived process
 * whose first Intl call would start ICU (tens of milliseconds, more than the rest of its run), as the
 * status line, which Claude Code runs after every turn. Same bigint rounding as formatMoney.
 */
export function formatUsdPlain(micro: bigint, digits = 2): string {
  const text = roundToDigits(micro, digits)
  const negative = text.startsWith('-')
  const [whole = '0', fraction] = (negative ? text.slice(1) : text).split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${negative ? '-' : ''}$${grouped}${fraction === undefined ? '' : `.${fraction}`}`
}

// Formatters by locale, currency and digits: building one costs about a millisecond, and the status
// line (a process per turn) and the dashboard's tables format many amounts alike.
const moneyFormatters = new Map<string, { digits: number; formatter: Intl.NumberFormat }>()

/** True when `spent` has reached `percent` % of `limit`, decided exactly (no division). */
export function reachedPercent(spent: bigint, limit: bigint, percent: number): boolean {
  if (limit <= 0n) return spent > 0n
  return spent * 100n >= limit * BigInt(Math.round(percent))
}

/** Whole percent of `limit` that `spent` is, rounded down (for labels and bars only). */
export function percentOf(spent: bigint, limit: bigint): number {
  if (limit <= 0n) return spent > 0n ? 100 : 0
  return Number((spent * 100n) / limit)
}
