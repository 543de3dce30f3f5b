import { describe, expect, it } from 'vitest'
import { checkSeal, makeSeal, sealedFacts } from './guard-seal'

/*
 * The guard seal's check remembers the last seal that verified (the daemon checks it on every
 * request): whatever it remembers, a changed MAC, secret, fact or profile list must be judged afresh.
 */

const profiles = [
  { name: 'prod', kind: 'api', requiresApproval: true },
  { name: 'ops', kind: 'admin' },
  { name: 'dev', kind: 'api' },
]
const SECRET = 'c2VjcmV0LW9mLXRoZS1zZWFsLWZvci10aGUtdGVzdA'

describe('the guard seal check', () => {
  it('verifies the same seal again, and judges any change to it, its secret or the profiles afresh', async () => {
    const seal = await makeSeal(sealedFacts(profiles), SECRET)
    expect(await checkSeal(profiles, seal, SECRET)).toEqual({ state: 'sealed' })
    expect(await checkSeal(profiles, seal, SECRET)).toEqual({ state: 'sealed' })
    const flipped = `${seal.mac.slice(0, -1)}${seal.mac.endsWith('0') ? '1' : '0'}`
    expect(await checkSeal(profiles, { ...seal, mac: flipped }, SECRET)).toMatchObject({ state: 'broken', refuse: 'all' })
    expect(await checkSeal(profiles, seal, `${SECRET}x`)).toMatchObject({ state: 'broken', refuse: 'all' })
    // The facts in clear changed with the MAC kept (a hand edit): it no longer verifies.
    expect(await checkSeal(profiles, { ...seal, guarded: [] }, SECRET)).toMatchObject({ state: 'broken', refuse: 'all' })
    // The seal verifies but the profiles changed since: only the changed one is refused.
    const unguarded = profiles.map((p) => (p.name === 'prod' ? { ...p, requiresApproval: false } : p))
    expect(await checkSeal(unguarded, seal, SECRET)).toMatchObject({ state: 'broken', refuse: ['prod'] })
    expect(await checkSeal(profiles, seal, SECRET)).toEqual({ state: 'sealed' })
  })
})
