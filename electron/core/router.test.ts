import { describe, expect, it, vi } from 'vitest'
import { KeywardError } from '../../shared/errors'
import { type Handlers, createRouter } from './router'
import { stubHandlers } from './stub-handlers'

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return stubHandlers({
    'app.info': () => ({ name: 'Keyward', version: '1', host: 'daemon', platform: 'linux', dataDir: '/d' }),
    'profiles.list': () => [],
    'tray.summary': () => ({
      today: { amount: '0', currency: 'USD' },
      monthToDate: { amount: '0', currency: 'USD' },
      budgetState: 'none',
      defaultProfile: null,
      profiles: [],
      recentProjects: [],
      lastSyncedAt: null,
      dataRefreshedAt: null,
    }),
    ...overrides,
  })
}

const ctx = { transport: 'test' } as const

describe('router', () => {
  it('calls the handler and returns its parsed value', async () => {
    const router = createRouter(handlers())
    expect(await router.call('app.info', {}, ctx)).toEqual({
      ok: true,
      value: { name: 'Keyward', version: '1', host: 'daemon', platform: 'linux', dataDir: '/d' },
    })
  })

  it('refuses names outside the contract, including prototype keys', async () => {
    const router = createRouter(handlers())
    for (const name of ['nope.nothing', '__proto__', 'constructor', 42, undefined]) {
      const result = await router.call(name, {}, ctx)
      expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    }
  })

  it('rejects input that does not match the schema before the handler runs', async () => {
    const spy = vi.fn(() => [])
    const router = createRouter(handlers({ 'profiles.list': spy }))
    const result = await router.call('profiles.list', { unexpected: true }, ctx)
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(spy).not.toHaveBeenCalled()
  })

  it('passes a KeywardError through with its code and a redacted message', async () => {
    const router = createRouter(
      handlers({
        'profiles.list': () => {
          throw new KeywardError('NOT_FOUND', 'no profile sk-ant-api03-abcdefghijklmnop here')
        },
      }),
    )
    const result = await router.call('profiles.list', {}, ctx)
    expect(result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no profile sk-ant-[redacted] here' } })
  })

  it('hides unexpected errors behind INTERNAL and logs them redacted', async () => {
    const log = vi.fn()
    const router = createRouter(
      handlers({
        'profiles.list': () => {
          throw new TypeError('boom sk-ant-admin01-abcdefghijklmnop')
        },
      }),
      log,
    )
    const result = await router.call('profiles.list', {}, ctx)
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(result)).not.toContain('sk-ant-admin01')
    expect(log).toHaveBeenCalledWith(expect.stringContaining('sk-ant-[redacted]'))
    expect(log.mock.calls[0]?.[0]).not.toContain('abcdefghijklmnop')
  })

  it('refuses a handler result that is outside the contract', async () => {
    const router = createRouter(handlers({ 'profiles.list': () => [{ name: 'x', secret: 'sk-ant-api03-zzzzzzzzzzzz' }] as never }))
    const result = await router.call('profiles.list', {}, ctx)
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(result)).not.toContain('zzzzzzzz')
  })
})
