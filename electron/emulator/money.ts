/**
 * Exact money for the emulator. Every cost is an integer number of micro-cents (1e-6 of a US
 * cent), so sums are exact; the wire format is a decimal string in cents ("fractional cents",
 * minor units), produced here by integer arithmetic only.
 */

/** Micro-cents in one cent. */
export const MICRO_CENTS_PER_CENT = 1_000_000

/** Formats integer micro-cents as a decimal string of cents without trailing zeros: 1234500 → "1.2345". */
export function formatMicroCents(microCents: number | bigint): string {
  const n = typeof microCents === 'bigint' ? microCents : BigInt(assertSafeInteger(microCents))
  const negative = n < 0n
  const abs = negative ? -n : n
  const whole = abs / 1_000_000n
  const frac = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole.toString()}${frac ? `.${frac}` : ''}`
}

/** Parses a decimal cents string back to integer micro-cents (inverse of `formatMicroCents`); throws on more than 6 decimals. */
export function parseCentsToMicro(cents: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(cents)
  if (!match) throw new Error(`Not a decimal cents amount: ${JSON.stringify(cents).slice(0, 40)}`)
  const [, sign, whole = '0', frac = ''] = match
  const value = BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0'))
  return sign === '-' ? -value : value
}

function assertSafeInteger(n: number): number {
  if (!Number.isSafeInteger(n)) throw new Error(`Micro-cent amounts must be safe integers, got ${n}`)
  return n
}
