import { describe, expect, it, vi } from 'vitest'
import { httpTransport, takeTokenFromLocation } from './http-transport'

describe('takeTokenFromLocation', () => {
  it('takes the token from the fragment, stores it, and strips it from the address bar', () => {
    window.history.replaceState(null, '', '/#token=abc_DEF-123')
    const token = takeTokenFromLocation(window.location, window.history, window.sessionStorage)
    expect(token).toBe('abc_DEF-123')
    expect(window.location.hash).toBe('')
    expect(window.sessionStorage.getItem('keyward.token')).toBe('abc_DEF-123')
    expect(takeTokenFromLocation(window.location, window.history, window.sessionStorage)).toBe('abc_DEF-123')
  })
})

describe('httpTransport', () => {
  it('posts the call with the token header', async () => {
    const fetchImpl = vi.fn(async () => new Response(JSON.stringify({ ok: true, value: [] })))
    const result = await httpTransport('tok', fetchImpl as unknown as typeof fetch)('profiles.list', {})
    expect(result).toEqual({ ok: true, value: [] })
    expect(fetchImpl).toHaveBeenCalledWith('/rpc', expect.objectContaining({ method: 'POST', headers: expect.objectContaining({ 'x-keyward-token': 'tok' }) }))
  })
  it('says what to do when there is no token or no daemon', async () => {
    expect(await httpTransport(null)('app.info', {})).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } })
    const down = vi.fn(async () => {
      throw new TypeError('fetch failed')
    })
    expect(await httpTransport('t', down as unknown as typeof fetch)('app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
  })
  it('reports a missing or refused token once to the app, so it shows one page about it', async () => {
    const problems: string[] = []
    await httpTransport(null, fetch, (p) => problems.push(p))('app.info', {})
    const refused = vi.fn(async () => new Response(JSON.stringify({ ok: false, error: { code: 'NOT_ALLOWED', message: 'Refused: the x-keyward-token header is wrong.' } }), { status: 403 }))
    await httpTransport('old', refused as unknown as typeof fetch, (p) => problems.push(p))('app.info', {})
    const otherRefusal = vi.fn(async () => new Response(JSON.stringify({ ok: false, error: { code: 'NOT_ALLOWED', message: 'Refused: the Origin is foreign.' } }), { status: 403 }))
    await httpTransport('tok', otherRefusal as unknown as typeof fetch, (p) => problems.push(p))('app.info', {})
    expect(problems).toEqual(['missing', 'refused'])
  })
})
