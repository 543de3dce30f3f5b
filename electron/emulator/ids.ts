/** Tagged ids and fake secrets in the shapes the Admin API uses (`wrkspc_01…`, `sk-ant-api03-…AA`). */
import { createRng, hash32, type Rng } from './prng'

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

function chars(rng: Rng, alphabet: string, n: number): string {
  let out = ''
  for (let i = 0; i < n; i++) out += alphabet[rng.int(alphabet.length)]
  return out
}

/** A tagged id: `prefix_01` followed by 22 base58 characters. */
export function taggedId(prefix: string, rng: Rng): string {
  return `${prefix}_01${chars(rng, BASE58, 22)}`
}

/** A UUID-shaped string (version 4 layout) from the generator. */
export function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(16).toString(16)).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** A fake API key shaped like a real one: `sk-ant-api03-` + 93 characters + `AA` (108 in all). */
export function fakeApiKeySecret(rng: Rng): string {
  return `sk-ant-api03-${chars(rng, KEY_CHARS, 93)}AA`
}

/** The hint the API shows for a key: its first 16 characters, `...`, and its last 4. */
export function partialKeyHint(secret: string): string {
  return `${secret.slice(0, 16)}...${secret.slice(-4)}`
}

/** The emulator's demo Admin key, derived from the seed so it is stable across restarts. */
export function demoAdminKey(seed: number): string {
  return `sk-ant-admin01-demo-${chars(createRng(hash32(seed, 0xad)), KEY_CHARS.slice(0, 62), 40)}AA`
}

/** A generator for ids minted at runtime: deterministic from the seed and a serial number. */
export function runtimeRng(seed: number, serial: number): Rng {
  return createRng(hash32(seed, serial, 0x7e57))
}
