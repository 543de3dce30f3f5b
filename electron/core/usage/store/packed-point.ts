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
  private ids: number[] = []
  private numbers = new Float64Array(6 * 256)
  private cost = new Float64Array(256)
  /** The packed point's buffer, reused from one point to the next (a point is megabytes in a big org). */
  private out = new Float64Array(0)
  /** Exact costs of the slots whose sum left the safe integers. */
  private big: Map<number, bigint> | null = null

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
    const at = slot * 6
    const numbers = this.numbers
    numbers[at] = numbers[at]! + n0
    numbers[at + 1] = numbers[at + 1]! + n1
    numbers[at + 2] = numbers[at + 2]! + n2
    numbers[at + 3] = numbers[at + 3]! + n3
    numbers[at + 4] = numbers[at + 4]! + n4
    numbers[at + 5] = numbers[at + 5]! + n5
    const held = this.big?.get(slot)
    if (exact === null && held === undefined) {
      const sum = this.cost[slot]! + cost
      if (Number.isSafeInteger(sum)) {
        this.cost[slot] = sum
        return
      }
    }
    this.big ??= new Map()
    this.big.set(slot, (held ?? BigInt(this.cost[slot]!)) + (exact === null ? BigInt(cost) : BigInt(exact)))
    this.cost[slot] = 0
  }

  /** Every series with a non-zero sum, packed: a view of this accumulator's buffer, valid until its next pack(). */
  pack(): Float64Array {
    if (this.out.length < this.ids.length * STRIDE) this.out = new Float64Array(this.ids.length * STRIDE * 1.25)
    const out = this.out
    let at = 0
    for (let slot = 0; slot < this.ids.length; slot++) {
      const n = slot * 6
      const exact = this.big?.get(slot)
      const numbers = this.numbers
      const zero = numbers[n] === 0 && numbers[n + 1] === 0 && numbers[n + 2] === 0 && numbers[n + 3] === 0 && numbers[n + 4] === 0 && numbers[n + 5] === 0
      if (zero && (exact === undefined ? this.cost[slot] === 0 : exact === 0n)) continue
      out[at] = this.ids[slot]!
      for (let i = 0; i < 6; i++) out[at + 1 + i] = numbers[n + i]!
      if (exact === undefined) {
        const c = this.cost[slot]!
        const high = Math.floor(c / TWO_32)
        out[at + 7] = high
        out[at + 8] = c - high * TWO_32
      } else {
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
    if (slot >= this.cost.length) {
      const numbers = new Float64Array(this.numbers.length * 2)
      numbers.set(this.numbers)
      this.numbers = numbers
      const cost = new Float64Array(this.cost.length * 2)
      cost.set(this.cost)
      this.cost = cost
    }
    return slot
  }
}
