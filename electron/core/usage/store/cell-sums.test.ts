import { describe, expect, it } from 'vitest'
import { CellSums } from './cell-sums'

describe('CellSums', () => {
  it('sums numbers and cost per cell, each cell on its own', () => {
    const sums = new CellSums(3)
    sums.add(1, 1, 2, 3, 4, 5, 6, 700)
    sums.add(1, 10, 20, 30, 40, 50, 60, 7000)
    sums.add(2, 0, 0, 0, 0, 0, 1, 1)
    expect([...sums.totalsOf(1).numbers]).toEqual([11, 22, 33, 44, 55, 66])
    expect(sums.costOf(1)).toBe(7700n)
    expect(sums.costOf(0)).toBe(0n)
    expect(sums.totalsOf(2).cost).toBe(1n)
  })

  it('keeps a cost exact past 2^53 micro-cents, where a float would round', () => {
    const sums = new CellSums(1)
    const big = Number.MAX_SAFE_INTEGER - 1 // 2^53 - 2
    sums.add(0, 0, 0, 0, 0, 0, 0, big)
    sums.add(0, 0, 0, 0, 0, 0, 0, 3)
    sums.add(0, 0, 0, 0, 0, 0, 0, big)
    expect(sums.costOf(0)).toBe(2n * BigInt(big) + 3n)
  })

  it('adds a cost read as a bigint (a row too big for a float) exactly', () => {
    const sums = new CellSums(1)
    sums.add(0, 0, 0, 0, 0, 0, 0, 5)
    sums.addCost(0, 2n ** 60n + 1n)
    expect(sums.costOf(0)).toBe(2n ** 60n + 6n)
  })
})
