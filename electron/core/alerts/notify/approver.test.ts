import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type ApprovalRequest, createApprovalBroker, headlessApprover } from './approver'

const req = { profile: 'prod', directory: '/w/app', tool: 'claude' }
/** The same request with the caller identity the key service derives from the OS (pid + start time + executables + real cwd). */
const identified = { ...req, identity: '4242\u0000777\u0000/usr/bin/claude\u0000/usr/bin/node\u0000/w/app' }

describe('approval broker', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('resolves with the person’s answer and shows the request without any key', async () => {
    const shown: ApprovalRequest[] = []
    const broker = createApprovalBroker({
      present: (r, respond) => {
        shown.push(r)
        setTimeout(() => respond('approved'), 10)
      },
    })
    const decision = broker.request(req, { timeoutMs: 1000 })
    await vi.advanceTimersByTimeAsync(10)
    expect(await decision).toBe('approved')
    expect(shown[0]).toMatchObject(req)
    expect(typeof shown[0]!.id).toBe('string')
  })

  it('times out, dismisses the prompt, and ignores a late answer', async () => {
    const dismiss = vi.fn()
    let respond: (d: 'approved' | 'denied') => void = () => {}
    const broker = createApprovalBroker({
      present: (_r, r) => {
        respond = r
        return { dismiss }
      },
    })
    const decision = broker.request(req, { timeoutMs: 5000 })
    await vi.advanceTimersByTimeAsync(5000)
    expect(await decision).toBe('timeout')
    expect(dismiss).toHaveBeenCalled()
    respond('approved')
    expect(broker.pending()).toBe(0)
  })

  it('shares one prompt between concurrent requests of the same caller identity', async () => {
    const present = vi.fn((_r: ApprovalRequest, respond: (d: 'approved' | 'denied') => void) => {
      setTimeout(() => respond('approved'), 5)
    })
    const broker = createApprovalBroker({ present })
    const a = broker.request(identified)
    const b = broker.request(identified)
    await vi.advanceTimersByTimeAsync(5)
    expect(await Promise.all([a, b])).toEqual(['approved', 'approved'])
    expect(present).toHaveBeenCalledTimes(1)
  })

  it('remembers an approval for rememberMs, then asks again', async () => {
    let clock = 0
    const present = vi.fn((_r: ApprovalRequest, respond: (d: 'approved' | 'denied') => void) => respond('approved'))
    const broker = createApprovalBroker({ present, rememberMs: 60_000, now: () => clock })
    expect(await broker.request(identified)).toBe('approved')
    clock = 30_000
    expect(await broker.request(identified)).toBe('approved')
    expect(present).toHaveBeenCalledTimes(1)
    clock = 61_000
    expect(await broker.request(identified)).toBe('approved')
    expect(present).toHaveBeenCalledTimes(2)
    expect(broker.pending()).toBe(0)
  })

  it('answers unavailable when the UI cannot show the prompt', async () => {
    const broker = createApprovalBroker({
      present: () => {
        throw new Error('no display')
      },
    })
    expect(await broker.request(req)).toBe('unavailable')
  })

  it('the headless approver denies and logs what to do', async () => {
    const log = vi.fn()
    expect(await headlessApprover(log).request(req)).toBe('unavailable')
    expect(log.mock.calls[0]![0]).toContain('run the desktop app')
  })

  it('the headless approver names the remote host of a forwarded request', async () => {
    const log = vi.fn()
    expect(await headlessApprover(log).request({ ...req, host: 'dev@buildbox' })).toBe('unavailable')
    expect(log.mock.calls[0]![0]).toContain('on dev@buildbox (over keyward ssh)')
  })
})
