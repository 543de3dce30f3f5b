import { describe, expect, it } from 'vitest'
import { PointAccumulator, STRIDE, costAt, packedOf, safeCostAt } from './packed-point'

const bytes = (packed: Float64Array): Uint8Array => new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength)

/** The packed point as series → [six numbers, exact cost]. */
function entries(packed: Float64Array): Map<number, string> {
  const out = new Map<number, string>()
  for (let at = 0; at < packed.length; at += STRIDE) out.set(packed[at]!, `${[...packed.subarray(at + 1, at + 7)].join(',')}|${costAt(packed, at)}`)
  return out
}

describe('a packed point', () => {
  it('keeps costs exact past 2^53, negative ones too, and agrees with the float path below it', () => {
    const sums = new PointAccumulator(null)
    sums.add(1, 1, 2, 3, 4, 5, 6, Number.MAX_SAFE_INTEGER, null)
    sums.add(1, 1, 0, 0, 0, 0, 1, 2, null) // passes 2^53: now exact as a bigint
    sums.add(2, 0, 0, 0, 0, 0, 1, 0, '-36893488147419103232') // -2^65 as text
    sums.add(2, 0, 0, 0, 0, 0, 0, 5, null)
    sums.add(3, 7, 0, 0, 0, 0, 1, 123_456_789, null)
    const packed = sums.pack()
    expect(entries(packed)).toEqual(
      new Map([
        [1, `2,2,3,4,5,7|${2n ** 53n + 1n}`],
        [2, `0,0,0,0,0,1|${-(2n ** 65n) + 5n}`],
        [3, '7,0,0,0,0,1|123456789'],
      ]),
    )
    expect(safeCostAt(packed, 0)).toBeNull()
    expect(safeCostAt(packed, 2 * STRIDE)).toBe(123_456_789)
    // Read back as a base and carried on, it stays the same.
    const carried = new PointAccumulator(packedOf(bytes(packed)))
    carried.add(3, 0, 0, 0, 0, 0, 0, -123_456_789, null)
    expect(entries(carried.pack())).toEqual(new Map([...entries(packed)].map(([s, e]) => [s, s === 3 ? '7,0,0,0,0,1|0' : e])))
  })

  it('leaves out a series whose sums are all zero', () => {
    const sums = new PointAccumulator(null)
    sums.add(1, 1, 0, 0, 0, 0, 0, 10, null)
    sums.add(1, -1, 0, 0, 0, 0, 0, -10, null)
    sums.add(2, 0, 0, 0, 0, 0, 0, 0, '18014398509481984')
    sums.add(2, 0, 0, 0, 0, 0, 0, 0, '-18014398509481984')
    expect(sums.pack().length).toBe(0)
  })

  it('refuses a damaged point, saying what to do, and reads one that is not 8-byte aligned', () => {
    expect(() => packedOf(new Uint8Array(STRIDE * 8 + 3))).toThrow(/running sums are damaged \(a point of 75 bytes\); remove usage\.db .* keyward sync/)
    const sums = new PointAccumulator(null)
    sums.add(9, 1, 2, 3, 4, 5, 6, 42, null)
    const shifted = new Uint8Array(STRIDE * 8 + 1).subarray(1)
    shifted.set(bytes(sums.pack()))
    expect(entries(packedOf(shifted))).toEqual(new Map([[9, '1,2,3,4,5,6|42']]))
  })
})
