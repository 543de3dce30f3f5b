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

  it('grows with its cells as they are, exact costs included', () => {
    const sums = new CellSums(2)
    sums.add(0, 1, 2, 3, 4, 5, 6, 7)
    sums.add(1, 0, 0, 0, 0, 0, 1, 0)
    sums.addCost(1, 2n ** 60n)
    const grown = sums.withCells(5)
    grown.add(4, 9, 0, 0, 0, 0, 0, 1)
    expect(grown.cells).toBe(5)
    expect([...grown.totalsOf(0).numbers]).toEqual([1, 2, 3, 4, 5, 6])
    expect([grown.costOf(0), grown.costOf(1), grown.costOf(4)]).toEqual([7n, 2n ** 60n, 1n])
    expect(grown.plainCost(1)).toBe(false)
    // The original is unchanged.
    expect(sums.cells).toBe(2)
  })
})
