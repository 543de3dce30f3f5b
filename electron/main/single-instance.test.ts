import { describe, expect, it, vi } from 'vitest'
import { acquireSingleInstance, screenFromArgv } from './single-instance'

vi.mock('electron', () => ({}))

function fakeApp(gotLock: boolean) {
  const listeners: Record<string, (...a: unknown[]) => void> = {}
  return {
    requestSingleInstanceLock: vi.fn(() => gotLock),
    quit: vi.fn(),
    on: vi.fn((event: string, fn: (...a: unknown[]) => void) => {
      listeners[event] = fn
    }),
    listeners,
  }
}

describe('single instance', () => {
  it('the first instance keeps running and focuses itself when launched again, with the new argv', () => {
    const app = fakeApp(true)
    const focus = vi.fn()
    expect(acquireSingleInstance(app, focus)).toBe(true)
    expect(app.quit).not.toHaveBeenCalled()
    app.listeners['second-instance']!({}, ['/opt/Keyward/keyward-app', '--open=usage'], '/home/u')
    expect(focus).toHaveBeenCalledWith(['/opt/Keyward/keyward-app', '--open=usage'])
  })

  it('a second instance quits at once and registers nothing', () => {
    const app = fakeApp(false)
    const focus = vi.fn()
    expect(acquireSingleInstance(app, focus)).toBe(false)
    expect(app.quit).toHaveBeenCalled()
    expect(app.on).not.toHaveBeenCalled()
  })

  it('reads a deep link from argv, and nothing else', () => {
    expect(screenFromArgv(['x', '--open=usage/key/k%201'])).toEqual({ screen: 'usage', rest: ['key', 'k 1'] })
    expect(screenFromArgv(['keyward://budgets/b1'])).toEqual({ screen: 'budgets', rest: ['b1'] })
    expect(screenFromArgv(['--open=../../etc'])).toBeNull()
    expect(screenFromArgv(['--hidden'])).toBeNull()
  })
})
