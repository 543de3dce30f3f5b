import { describe, expect, it } from 'vitest'
import { parseRoute } from './route-store'

describe('parseRoute', () => {
  it('reads the screen and the rest from the hash', () => {
    expect(parseRoute('#/usage/key/k%201', 'profiles')).toEqual({ screen: 'usage', rest: ['key', 'k 1'] })
  })
  it('falls back to the first screen', () => {
    expect(parseRoute('', 'profiles')).toEqual({ screen: 'profiles', rest: [] })
    expect(parseRoute('#/', 'profiles')).toEqual({ screen: 'profiles', rest: [] })
  })
})
