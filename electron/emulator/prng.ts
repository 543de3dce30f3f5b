/**
 * Tiny deterministic randomness for the emulator: a 32-bit integer hash (for lazily computed
 * cells) and a sequential PRNG (for seeding records). Neither is cryptographic; they only have
 * to be fast, well mixed and identical on every machine.
 */

/** Mixes one 32-bit value into another (murmur3-style finaliser over a running state). */
function mix(h: number, v: number): number {
  let k = Math.imul(v | 0, 0xcc9e2d51)
  k = (k << 15) | (k >>> 17)
  k = Math.imul(k, 0x1b873593)
  h ^= k
  h = (h << 13) | (h >>> 19)
  return (Math.imul(h, 5) + 0xe6546b64) | 0
}

/** Final avalanche so that nearby inputs give unrelated outputs. */
function fmix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Hashes up to four integers into an unsigned 32-bit value; the same inputs always give the same output. */
export function hash32(a: number, b = 0, c = 0, d = 0): number {
  let h = 0x9747b28c
  h = mix(h, a)
  h = mix(h, b)
  h = mix(h, c)
  h = mix(h, d)
  return fmix(h ^ 16)
}

/** Maps an unsigned 32-bit value to a float in [0, 1). */
export function unit(u32: number): number {
  return u32 / 4294967296
}

/** A seeded sequential generator (mulberry32) with small helpers for building seed data. */
export interface Rng {
  /** Next unsigned 32-bit value. */
  next(): number
  /** Float in [0, 1). */
  float(): number
  /** Integer in [0, n). */
  int(n: number): number
  /** Integer in [lo, hi] inclusive. */
  range(lo: number, hi: number): number
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T
}

/** Creates a mulberry32 generator from a numeric seed; two generators with the same seed agree forever. */
export function createRng(seed: number): Rng {
  let state = hash32(seed, 0x5eed) | 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
  const float = (): number => unit(next())
  const int = (n: number): number => Math.floor(float() * n)
  return {
    next,
    float,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    pick: <T>(items: readonly T[]): T => {
      const item = items[int(items.length)]
      if (item === undefined) throw new Error('pick() needs a non-empty array')
      return item
    },
  }
}
