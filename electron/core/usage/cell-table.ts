import { NUMERIC_COUNT, type Segment, type SegmentKind, type UsageRow } from './usage-row'

/**
 * Accumulates a window's cells (bucket × key × workspace × model × actor × product) in growable typed columns, so
 * a 70,000-row window costs a few MB rather than an object per row. Usage and cost rows for the
 * same cell land in the same slot, which is how the two reports are joined.
 */
export class CellTable {
  private readonly slots = new Map<string, number>()
  private readonly strings: string[] = []
  private readonly stringIds = new Map<string, number>()
  private capacity = 1024
  private count = 0
  private start = new Uint32Array(this.capacity)
  private key = new Uint32Array(this.capacity)
  private workspace = new Uint32Array(this.capacity)
  private model = new Uint32Array(this.capacity)
  private actor = new Uint32Array(this.capacity)
  private product = new Uint32Array(this.capacity)
  private numbers = new Float64Array(NUMERIC_COUNT * this.capacity)
  private cost = new BigInt64Array(this.capacity)

  /** Rows so far. */
  get size(): number {
    return this.count
  }

  private idOf(s: string): number {
    let id = this.stringIds.get(s)
    if (id === undefined) {
      id = this.strings.length
      this.strings.push(s)
      this.stringIds.set(s, id)
    }
    return id
  }

  private grow(): void {
    const old = {
      start: this.start,
      key: this.key,
      workspace: this.workspace,
      model: this.model,
      actor: this.actor,
      product: this.product,
      numbers: this.numbers,
      cost: this.cost,
      capacity: this.capacity,
    }
    this.capacity *= 2
    this.start = new Uint32Array(this.capacity)
    this.start.set(old.start)
    this.key = new Uint32Array(this.capacity)
    this.key.set(old.key)
    this.workspace = new Uint32Array(this.capacity)
    this.workspace.set(old.workspace)
    this.model = new Uint32Array(this.capacity)
    this.model.set(old.model)
    this.actor = new Uint32Array(this.capacity)
    this.actor.set(old.actor)
    this.product = new Uint32Array(this.capacity)
    this.product.set(old.product)
    this.cost = new BigInt64Array(this.capacity)
    this.cost.set(old.cost)
    this.numbers = new Float64Array(NUMERIC_COUNT * this.capacity)
    for (let m = 0; m < NUMERIC_COUNT; m++) this.numbers.set(old.numbers.subarray(m * old.capacity, (m + 1) * old.capacity), m * this.capacity)
  }

  /** The slot of a cell, created (zeroed) on first use. */
  slot(startHour: number, apiKeyId: string, workspaceId: string, model: string, actorId = '', product = ''): number {
    const k = this.idOf(apiKeyId)
    const w = this.idOf(workspaceId)
    const m = this.idOf(model)
    const a = this.idOf(actorId)
    const p = this.idOf(product)
    const id = `${startHour}:${k}:${w}:${m}:${a}:${p}`
    let i = this.slots.get(id)
    if (i === undefined) {
      if (this.count === this.capacity) this.grow()
      i = this.count++
      this.slots.set(id, i)
      this.start[i] = startHour
      this.key[i] = k
      this.workspace[i] = w
      this.model[i] = m
      this.actor[i] = a
      this.product[i] = p
    }
    return i
  }

  /** Adds the six numeric metrics to a slot. */
  addNumbers(i: number, values: readonly number[]): void {
    for (let m = 0; m < NUMERIC_COUNT; m++) this.numbers[m * this.capacity + i]! += values[m] ?? 0
  }

  /** Adds micro-cents to a slot. */
  addCost(i: number, micro: bigint): void {
    this.cost[i]! += micro
  }

  /** The earliest and latest bucket start seen, or null when empty. */
  hourSpan(): { min: number; max: number } | null {
    if (this.count === 0) return null
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY
    for (let i = 0; i < this.count; i++) {
      min = Math.min(min, this.start[i]!)
      max = Math.max(max, this.start[i]!)
    }
    return { min, max }
  }

  /** The table as a segment, columns trimmed to its rows. */
  toSegment(kind: SegmentKind, fromHour: number, toHour: number): Segment {
    const n = this.count
    const numbers = new Float64Array(NUMERIC_COUNT * n)
    for (let m = 0; m < NUMERIC_COUNT; m++) numbers.set(this.numbers.subarray(m * this.capacity, m * this.capacity + n), m * n)
    return {
      kind,
      fromHour,
      toHour,
      strings: [...this.strings],
      rows: n,
      start: this.start.slice(0, n),
      key: this.key.slice(0, n),
      workspace: this.workspace.slice(0, n),
      model: this.model.slice(0, n),
      actor: this.actor.slice(0, n),
      product: this.product.slice(0, n),
      numbers,
      cost: this.cost.slice(0, n),
    }
  }
}

/** Builds a segment from row objects (tests and tools; the sync fills a CellTable directly). */
export function segmentFromRows(kind: SegmentKind, fromHour: number, toHour: number, rows: readonly UsageRow[]): Segment {
  const table = new CellTable()
  for (const row of rows) {
    const i = table.slot(row.startHour, row.apiKeyId, row.workspaceId, row.model, row.actorId ?? '', row.product ?? '')
    table.addNumbers(i, row.numbers)
    table.addCost(i, row.costMicro)
  }
  return table.toSegment(kind, fromHour, toHour)
}
