/**
 * The model catalogue the demo org uses, with list prices in micro-cents per token
 * ($3 per million tokens = 300 µ¢/token), so every cost is an exact integer.
 */

/** Prices of one model, in micro-cents per token, by token type. */
export interface ModelPrice {
  readonly uncachedInput: number
  readonly cacheWrite5m: number
  readonly cacheWrite1h: number
  readonly cacheRead: number
  readonly output: number
}

/** One model of the catalogue. */
export interface EmulatedModel {
  readonly id: string
  readonly price: ModelPrice
}

const price = (input: number, output: number): ModelPrice => ({
  uncachedInput: input,
  cacheWrite5m: (input * 5) / 4,
  cacheWrite1h: input * 2,
  cacheRead: input / 10,
  output,
})

/** Six models, in a fixed order (a model's index is part of every usage cell's hash). */
export const MODELS: readonly EmulatedModel[] = [
  { id: 'claude-opus-4-5', price: price(500, 2500) },
  { id: 'claude-sonnet-4-5', price: price(300, 1500) },
  { id: 'claude-haiku-4-5', price: price(100, 500) },
  { id: 'claude-opus-4-1', price: price(1500, 7500) },
  { id: 'claude-sonnet-4', price: price(300, 1500) },
  { id: 'claude-3-5-haiku', price: price(80, 400) },
]
