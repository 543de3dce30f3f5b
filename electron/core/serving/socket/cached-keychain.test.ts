import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Keychain } from '../../vault/keychain'
import { createCachedKeychain } from './cached-keychain'
import { profileKeyAccount } from '../../vault/secret-accounts'

let dir: string
let config: string
let reads = 0
let store: Record<string, string>
let fail = false
const inner: Keychain = {
  get: async (a) => {
    reads++
    if (fail) throw new Error('locked')
    return store[a] ?? null
  },
  set: async (a, s) => void (store[a] = s),
  delete: async (a) => delete store[a],
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kw-cache-'))
  config = join(dir, 'config.json')
  writeFileSync(config, '{}')
  reads = 0
  store = { a: 'one' }
  fail = false
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the socket server keychain cache', () => {
  it('reads once, shares concurrent reads, and serves from memory', async () => {
    const cached = createCachedKeychain(inner, config)
    expect(await Promise.all([cached.get(profileKeyAccount('a')), cached.get(profileKeyAccount('a')), cached.get(profileKeyAccount('a'))])).toEqual(['one', 'one', 'one'])
    expect(await cached.get(profileKeyAccount('a'))).toBe('one')
    expect(reads).toBe(1)
  })

  it('reads again when the config file changes (a rotation or removal from any process)', async () => {
    const cached = createCachedKeychain(inner, config)
    await cached.get(profileKeyAccount('a'))
    store.a = 'two'
    writeFileSync(config, '{"changed":true}')
    expect(await cached.get(profileKeyAccount('a'))).toBe('two')
  })

  it('reads again after the TTL, and after a write through it', async () => {
    let clock = 0
    const cached = createCachedKeychain(inner, config, 1_000, () => clock)
    await cached.get(profileKeyAccount('a'))
    clock = 2_000
    await cached.get(profileKeyAccount('a'))
    expect(reads).toBe(2)
    await cached.set(profileKeyAccount('a'), 'three')
    expect(await cached.get(profileKeyAccount('a'))).toBe('three')
  })

  it('does not remember a failure', async () => {
    const cached = createCachedKeychain(inner, config)
    fail = true
    await expect(cached.get(profileKeyAccount('a'))).rejects.toThrow('locked')
    fail = false
    expect(await cached.get(profileKeyAccount('a'))).toBe('one')
  })
})
