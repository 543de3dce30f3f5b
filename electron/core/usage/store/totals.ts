import { NUMERIC_COUNT } from '../usage-row'

/** Sums of one group over a range: the six numeric metrics and the cost in micro-cents. */
export interface Totals {
  readonly numbers: Float64Array
  cost: bigint
}

/** A zeroed Totals. */
export const emptyTotals = (): Totals => ({ numbers: new Float64Array(NUMERIC_COUNT), cost: 0n })

/** Adds `b` into `a`. */
export function addTotals(a: Totals, b: Totals): void {
  for (let i = 0; i < NUMERIC_COUNT; i++) a.numbers[i]! += b.numbers[i]!
  a.cost += b.cost
}

/** One (API key, workspace, model, actor, product) the store has usage for ('' where the API named none). */
export interface Series {
  readonly apiKeyId: string
  readonly workspaceId: string
  readonly model: string
  readonly actorId: string
  readonly product: string
}
