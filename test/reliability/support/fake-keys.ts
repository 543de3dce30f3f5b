/**
 * Seeded, well-formed fake Anthropic keys for the reliability suite: `sk-ant-api03-` or
 * `sk-ant-admin01-` plus 84 characters of the URL-safe alphabet ending in `AA`, like real ones.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'

/** A small deterministic PRNG (mulberry32): the same seed gives the same keys and the same fuzz cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A fresh key of `kind`; `seed` makes it reproducible. */
export function fakeKey(kind: 'api' | 'admin', random: () => number): string {
  let body = ''
  for (let i = 0; i < 84; i++) body += ALPHABET[Math.floor(random() * ALPHABET.length)]
  return `${kind === 'api' ? 'sk-ant-api03-' : 'sk-ant-admin01-'}${body}AA`
}
