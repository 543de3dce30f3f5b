import { KeywardError } from '../../shared/errors'
import { parseTypedDollars } from '../../shared/money'

/** A dollar amount read from a flag: micro-cents, the API's whole-cents string and exact decimal dollars. */
export interface FlagDollars {
  readonly micro: bigint
  readonly cents: string
  readonly dollars: string
}

/**
 * Reads the dollars typed after `flag` with the parser the dashboard's inputs use (shared/money's
 * parseTypedDollars), so "1,500", "$1,500.25" and "1500" mean the same on every surface; anything
 * else is INVALID_INPUT naming the flag and what to type.
 */
export function dollarsFlag(text: string, flag: string, options: { readonly allowZero?: boolean } = {}): FlagDollars {
  const typed = parseTypedDollars(text, options)
  if (!typed.ok) throw new KeywardError('INVALID_INPUT', `${flag}: ${typed.message}`)
  return { micro: typed.micro, cents: typed.cents, dollars: typed.dollars }
}
