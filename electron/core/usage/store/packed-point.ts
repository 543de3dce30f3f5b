import { NUMERIC_COUNT } from '../usage-row'
import { CellSums } from './cell-sums'

/*
 * One point of the running sums (running-sums.ts) as one BLOB: every series with a non-zero sum
 * at that point, `STRIDE` float64s each, in the machine's byte order (little-endian on every
 * platform Keyward ships for; the file never leaves the machine):
 *
 *   [series id, uncached input, cache write 5m, cache write 1h, cache read, output, requests, cost high, cost low]
 *
 * The cost is an integer number of micro-cents split as high * 2^32 + low (low in [0, 2^32)), so
 * it stays exact past 2^53, where a single float would round. Token counts and requests stay far
 * below 2^53.
 */

/** Float64s per series in a packed point. */
export const STRIDE = 9

const TWO_32 = 2 ** 32
/** Below this (in absolute value) the high word gives a cost that is a safe integer. */
const SAFE_HIGH = 2 ** 20

/** The exact cost of entry `at` (an index into `packed`, a multiple of STRIDE) when it is a safe integer, else null. */
export function safeCostAt(packed: Float64Array, at: number): number | null {
  const high = packed[at + 7]!
  return Math.abs(high) < SAFE_HIGH ? high * TWO_32 + packed[at + 8]! : null
}

/** The exact cost of entry `at`, whatever its size. */
export function costAt(packed: Float64Array, at: number): bigint {
  return BigInt(packed[at + 7]!) * BigInt(TWO_32) + BigInt(packed[at + 8]!)
}

/** A point as stored, checked: a damaged one is an error that says what to do, never wrong figures. */
export function packedOf(blob: Uint8Array): Float64Array {
  if (blob.byteLength % (STRIDE * 8) !== 0) {
    throw new Error(`the usage database's running sums are damaged (a point of ${blob.byteLength} bytes); remove usage.db from Keyward's data directory and run: keyward sync`)
  }
  // A Float64Array needs 8-byte alignment; copy a blob that does not start on one.
  const bytes = blob.byteOffset % 8 === 0 ? blob : blob.slice()
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8)
}

/** Running sums being built, one series at a time: a base point plus rows, packed at each point. */
export class PointAccumulator {
  private readonly slotOf = new Map<number, number>()
  private readonly ids: number[] = []
  /** A cell per series, in the order they came (the exact cost arithmetic is CellSums'). */
  private sums = new CellSums(256)
  /** The packed point's buffer, reused from one point to the next (a point is megabytes in a big org). */
  private out = new Float64Array(0)

  constructor(base: Float64Array | null) {
    if (base === null) return
    for (let at = 0; at < base.length; at += STRIDE) {
      const safe = safeCostAt(base, at)
      this.add(base[at]!, base[at + 1]!, base[at + 2]!, base[at + 3]!, base[at + 4]!, base[at + 5]!, base[at + 6]!, safe ?? 0, safe === null ? costAt(base, at) : null)
    }
  }

  /** Adds one row of a series: six numbers and its cost (`cost` when a safe integer, else `exact`, a bigint or its text). */
  add(series: number, n0: number, n1: number, n2: number, n3: number, n4: number, n5: number, cost: number, exact: bigint | string | null): void {
    const slot = this.slotFor(series)
    this.sums.add(slot, n0, n1, n2, n3, n4, n5, exact === null ? cost : 0)
    if (exact !== null) this.sums.addCost(slot, BigInt(exact))
  }

  /** Every series with a non-zero sum, packed: a view of this accumulator's buffer, valid until its next pack(). */
  pack(): Float64Array {
    if (this.out.length < this.ids.length * STRIDE) this.out = new Float64Array(this.ids.length * STRIDE * 1.25)
    const out = this.out
    const { sums } = this
    const numbers = sums.numbers
    let at = 0
    for (let slot = 0; slot < this.ids.length; slot++) {
      const n = slot * NUMERIC_COUNT
      const plain = sums.plainCost(slot)
      const zero = numbers[n] === 0 && numbers[n + 1] === 0 && numbers[n + 2] === 0 && numbers[n + 3] === 0 && numbers[n + 4] === 0 && numbers[n + 5] === 0
      if (zero && (plain ? sums.approxCost(slot) === 0 : sums.costOf(slot) === 0n)) continue
      out[at] = this.ids[slot]!
      for (let i = 0; i < NUMERIC_COUNT; i++) out[at + 1 + i] = numbers[n + i]!
      if (plain) {
        const c = sums.approxCost(slot)
        const high = Math.floor(c / TWO_32)
        out[at + 7] = high
        out[at + 8] = c - high * TWO_32
      } else {
        const exact = sums.costOf(slot)
        out[at + 7] = Number(exact >> 32n)
        out[at + 8] = Number(BigInt.asUintN(32, exact))
      }
      at += STRIDE
    }
    return out.subarray(0, at)
  }

  private slotFor(series: number): number {
    const known = this.slotOf.get(series)
    if (known !== undefined) return known
    const slot = this.ids.length
    this.slotOf.set(series, slot)
    this.ids.push(series)
    if (slot >= this.sums.cells) this.sums = this.sums.withCells(this.sums.cells * 2)
    return slot
  }
}
