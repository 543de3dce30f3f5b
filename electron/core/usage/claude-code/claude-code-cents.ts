import { MAX_CENT_DIGITS, parseCents } from '../../../../shared/money'

/**
 * Reads the Claude Code report's `estimated_cost.amount`, a JSON number of cents (not a string as
 * in the cost report), exactly: through the number's shortest decimal representation (what the
 * server wrote, for any amount written with up to 15 significant digits), never through float
 * arithmetic. Decimals beyond a micro-cent (six places of a cent, what Keyward keeps) are float
 * residue of the server's own arithmetic (12.300000000000001), so the representation is rounded
 * half-up at the sixth place. Returns micro-cents, or a reason the value is refused: not a number,
 * negative, not finite, or above MAX_CENT_DIGITS whole cents.
 */
export function centsNumberToMicro(value: unknown): bigint | string {
  if (typeof value !== 'number') return `is ${value === null ? 'null' : typeof value === 'string' ? 'a string' : `a ${typeof value}`}, not a JSON number of cents`
  if (!Number.isFinite(value)) return 'is not a finite number'
  if (value < 0) return 'is negative, which no cost is'
  if (value >= 10 ** MAX_CENT_DIGITS) return `has more than ${MAX_CENT_DIGITS} digits of whole cents`
  const decimal = plainDecimal(value)
  const [whole = '0', fraction = ''] = decimal.split('.')
  const kept = fraction.slice(0, 6).padEnd(6, '0')
  const roundUp = (fraction[6] ?? '0') >= '5'
  const micro = parseCents(`${whole}.${kept}`)
  return roundUp ? micro + 1n : micro
}

/** The number's shortest round-trip decimal, written out without an exponent (1e-7 → "0.0000001"). */
function plainDecimal(value: number): string {
  const text = String(value)
  const match = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text)
  if (!match) return text
  const [, lead = '0', rest = '', exp = '0'] = match
  const digits = lead + rest
  const point = 1 + Number(exp)
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`
  return digits.length <= point ? digits.padEnd(point, '0') : `${digits.slice(0, point)}.${digits.slice(point)}`
}
