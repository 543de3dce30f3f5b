import { NUMERIC_COUNT } from '../usage-row'
import { type Totals, emptyTotals } from './totals'

/**
 * Sums of many cells (e.g. group × day) in flat arrays, so adding a row costs a few array writes
 * instead of an object per row. Token counts are integers far below 2^53, exact in a float. Cost
 * is exact too: it is summed as a float only while the sum stays a safe integer; a cell whose sum
 * would pass 2^53 (about $90M in micro-cents) carries the rest in a bigint.
 */
export class CellSums {
  readonly numbers: Float64Array
  private readonly cost: Float64Array
  private spill: Map<number, bigint> | null = null

  constructor(readonly cells: number) {
    this.numbers = new Float64Array(cells * NUMERIC_COUNT)
    this.cost = new Float64Array(cells)
  }

  /** Adds one row's six numbers (n0..n5) and its cost (an integer number of micro-cents) into `cell`. */
  add(cell: number, n0: number, n1: number, n2: number, n3: number, n4: number, n5: number, cost: number): void {
    const at = cell * NUMERIC_COUNT
    const numbers = this.numbers
    numbers[at] = numbers[at]! + n0
    numbers[at + 1] = numbers[at + 1]! + n1
    numbers[at + 2] = numbers[at + 2]! + n2
    numbers[at + 3] = numbers[at + 3]! + n3
    numbers[at + 4] = numbers[at + 4]! + n4
    numbers[at + 5] = numbers[at + 5]! + n5
    const sum = this.cost[cell]! + cost
    if (Number.isSafeInteger(sum)) this.cost[cell] = sum
    else this.carry(cell, cost)
  }

  /** Adds a cost too big for a float (a row past 2^53 micro-cents) into `cell`. */
  addCost(cell: number, cost: bigint): void {
    this.spill ??= new Map()
    this.spill.set(cell, (this.spill.get(cell) ?? 0n) + cost)
  }

  /** Moves the cell's float sum and `cost` into its bigint, exactly. */
  private carry(cell: number, cost: number): void {
    this.spill ??= new Map()
    this.spill.set(cell, (this.spill.get(cell) ?? 0n) + BigInt(this.cost[cell]!) + BigInt(cost))
    this.cost[cell] = 0
  }

  /** Adds `a`'s cell `of` minus `b`'s cell `of` into `cell` (a bucket between two running sums). */
  addDifference(cell: number, a: CellSums, b: CellSums, of: number): void {
    const at = of * NUMERIC_COUNT
    const na = a.numbers
    const nb = b.numbers
    const costA = a.cost[of]!
    const costB = b.cost[of]!
    const plain = a.spill?.has(of) !== true && b.spill?.has(of) !== true && Number.isSafeInteger(costA - costB)
    this.add(cell, na[at]! - nb[at]!, na[at + 1]! - nb[at + 1]!, na[at + 2]! - nb[at + 2]!, na[at + 3]! - nb[at + 3]!, na[at + 4]! - nb[at + 4]!, na[at + 5]! - nb[at + 5]!, plain ? costA - costB : 0)
    if (!plain) this.addCost(cell, a.costOf(of) - b.costOf(of))
  }

  /** A copy with room for `cells` cells, the first ones as they are here (sums that grow as new series come). */
  withCells(cells: number): CellSums {
    const out = new CellSums(cells)
    out.numbers.set(this.numbers.subarray(0, Math.min(this.cells, cells) * NUMERIC_COUNT))
    out.cost.set(this.cost.subarray(0, Math.min(this.cells, cells)))
    if (this.spill) out.spill = new Map([...this.spill].filter(([cell]) => cell < cells))
    return out
  }

  /** A cell's cost as a float: exact below 2^53, the order of costs above it (ties are settled by `costOf`). */
  approxCost(cell: number): number {
    const spill = this.spill?.get(cell)
    return spill === undefined ? this.cost[cell]! : this.cost[cell]! + Number(spill)
  }

  /** Whether a cell's cost is an exact float (no bigint part). */
  plainCost(cell: number): boolean {
    return this.spill?.has(cell) !== true
  }

  /** The exact cost of a cell. */
  costOf(cell: number): bigint {
    return BigInt(this.cost[cell]!) + (this.spill?.get(cell) ?? 0n)
  }

  /** A cell's sums as Totals. */
  totalsOf(cell: number): Totals {
    const t = emptyTotals()
    t.numbers.set(this.numbers.subarray(cell * NUMERIC_COUNT, (cell + 1) * NUMERIC_COUNT))
    t.cost = this.costOf(cell)
    return t
  }
}
